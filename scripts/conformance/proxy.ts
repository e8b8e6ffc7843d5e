// A loopback reverse proxy in front of the gateway's /mcp: the conformance runner cannot send
// an Authorization header, so this adds the bearer token. A Host or Origin naming the proxy is
// rewritten to name the gateway, so the gateway's own Host/Origin checks still decide every
// other value (the suite's DNS-rebinding scenario sends foreign ones on purpose).
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Proxy {
  url: string;
  close(): Promise<void>;
}

function rewriteHeaders(req: IncomingMessage, self: string, target: URL, token: string): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = v;
  const selfHosts = new Set([self, self.replace('127.0.0.1', 'localhost')]);
  if (typeof headers.host === 'string' && selfHosts.has(headers.host)) headers.host = target.host;
  const origin = headers.origin;
  if (typeof origin === 'string' && URL.canParse(origin) && selfHosts.has(new URL(origin).host)) {
    headers.origin = `${target.protocol}//${target.host}`;
  }
  headers.authorization = `Bearer ${token}`;
  return headers;
}

function forward(req: IncomingMessage, res: ServerResponse, self: string, target: URL, token: string): void {
  const upstream = request(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: rewriteHeaders(req, self, target, token) },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      // SSE responses must flow chunk by chunk, never buffered.
      res.flushHeaders();
      up.pipe(res);
    },
  );
  upstream.on('error', (err) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`proxy: ${err.message}`);
  });
  // A client that goes away (e.g. closes an SSE stream) closes the gateway side too.
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
}

export async function startProxy(gatewayMcpUrl: string, token: string): Promise<Proxy> {
  const target = new URL(gatewayMcpUrl);
  let self = '';
  const server: Server = createServer((req, res) => forward(req, res, self, target, token));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  self = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `http://${self}${target.pathname}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
