// The bench's clients and timing loop: the SDK's (v2) Streamable HTTP client (as IDEs use it; 2025 era), a
// minimal raw JSON-RPC-over-HTTP client (node:http keep-alive, no SDK: what a server costs
// without the SDK client's fetch/web-stream overhead), and `measure`.
import http from 'node:http';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { percentile } from '../../electron/core/metrics/latency.js';

export const CONCURRENCY = 16;

export type Call = () => Promise<unknown>;
export interface Run {
  p50: number;
  p99: number;
  rps: number;
}

export async function measure(call: Call, total: number, concurrency: number): Promise<Run> {
  for (let i = 0; i < 50; i++) await call(); // warm-up: JIT and connection set-up
  const samples: number[] = [];
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < total) {
      next++;
      const s = performance.now();
      await call();
      samples.push(performance.now() - s);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - t0;
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50)!, p99: percentile(samples, 99)!, rps: (total / elapsed) * 1000 };
}

export async function httpClient(url: string, token?: string): Promise<Client> {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

export interface RawClient {
  callTool(name: string, args: object): Promise<Record<string, unknown>>;
  listTools(): Promise<Record<string, unknown>>;
  close(): void;
}

/** JSON reply, or SSE whose last data line carries the response. */
function replyJson(body: string): string {
  if (body.startsWith('{')) return body;
  return (
    body
      .match(/^data: (.*)$/gm)
      ?.pop()
      ?.slice(6) ?? ''
  );
}

export async function rawClient(url: string, token?: string): Promise<RawClient> {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let sessionId = '';
  let nextId = 1;
  const post = (message: object) =>
    new Promise<{ status: number; sid?: string; body: string }>((resolve, reject) => {
      const payload = JSON.stringify(message);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'content-length': String(Buffer.byteLength(payload)),
      };
      if (token) headers.authorization = `Bearer ${token}`;
      if (sessionId) Object.assign(headers, { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' });
      const req = http.request(
        { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, sid: res.headers['mcp-session-id'] as string | undefined, body }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  const clientInfo = { name: 'bench-raw', version: '1.0.0' };
  const init = await post({
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo },
  });
  if (init.status !== 200 || !init.sid) throw new Error(`raw initialize failed: ${init.status}`);
  sessionId = init.sid;
  await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
  const request = async (method: string, params: object) => {
    const r = await post({ jsonrpc: '2.0', id: nextId++, method, params });
    const parsed = JSON.parse(replyJson(r.body)) as { result?: Record<string, unknown> };
    if (r.status !== 200 || !parsed.result) throw new Error(`raw ${method} failed: ${r.status} ${r.body.slice(0, 200)}`);
    return parsed.result;
  };
  return {
    callTool: (name, args) => request('tools/call', { name, arguments: args }),
    listTools: () => request('tools/list', {}),
    close: () => agent.destroy(),
  };
}
