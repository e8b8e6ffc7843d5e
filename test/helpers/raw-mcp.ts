// MCP over plain HTTP for tests that need to misbehave: sessions opened with fetch, and GET
// or POST reply streams on raw sockets that read their response headers and then stop
// reading (a paused or hung client).
import { connect, type Socket } from 'node:net';

const PROTOCOL_VERSION = '2025-06-18';

export interface RawTarget {
  /** e.g. http://127.0.0.1:1234/mcp or .../mcp/<profile> */
  url: string;
  token: string;
}

function headers(t: RawTarget, sid?: string): Record<string, string> {
  const h: Record<string, string> = {
    authorization: `Bearer ${t.token}`,
    accept: 'application/json, text/event-stream',
    'content-type': 'application/json',
    'mcp-protocol-version': PROTOCOL_VERSION,
  };
  if (sid) h['mcp-session-id'] = sid;
  return h;
}

/** The JSON-RPC messages of a reply, whether it came as JSON or as an SSE stream. */
export async function messagesOf(res: Response): Promise<Array<Record<string, unknown>>> {
  const text = await res.text();
  if (!(res.headers.get('content-type') ?? '').includes('text/event-stream')) return text ? [JSON.parse(text)].flat() : [];
  return text
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => JSON.parse(l.slice(6)) as Record<string, unknown>);
}

export async function post(t: RawTarget, sid: string | undefined, body: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(t.url, { method: 'POST', headers: headers(t, sid), body: JSON.stringify(body), signal });
}

/** initialize + notifications/initialized (+ logging/setLevel when `logLevel`); resolves with the session id. */
export async function openSession(t: RawTarget, logLevel?: string): Promise<string> {
  const init = await post(t, undefined, {
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: { protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
  });
  const sid = init.headers.get('mcp-session-id');
  await messagesOf(init);
  if (init.status !== 200 || !sid) throw new Error(`initialize failed: ${init.status}`);
  const done = await post(t, sid, { jsonrpc: '2.0', method: 'notifications/initialized' });
  await done.text();
  if (logLevel) {
    const set = await post(t, sid, { jsonrpc: '2.0', id: 1, method: 'logging/setLevel', params: { level: logLevel } });
    await messagesOf(set);
  }
  return sid;
}

/** Sends a raw HTTP request and resolves once its response headers arrived; then the socket stops reading. */
export function pausedRequest(
  t: RawTarget,
  method: 'GET' | 'POST',
  sid: string,
  body?: unknown,
  sockets?: Socket[],
): Promise<{ socket: Socket; head: string }> {
  const u = new URL(t.url);
  const payload = body === undefined ? '' : JSON.stringify(body);
  const lines = [
    `${method} ${u.pathname} HTTP/1.1`,
    `Host: ${u.host}`,
    `Authorization: Bearer ${t.token}`,
    `Accept: ${method === 'GET' ? 'text/event-stream' : 'application/json, text/event-stream'}`,
    `mcp-session-id: ${sid}`,
    `mcp-protocol-version: ${PROTOCOL_VERSION}`,
  ];
  if (method === 'POST') lines.push('Content-Type: application/json', `Content-Length: ${Buffer.byteLength(payload)}`);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(u.port), u.hostname, () => socket.write(`${lines.join('\r\n')}\r\n\r\n${payload}`));
    sockets?.push(socket);
    let got = '';
    const onData = (d: Buffer) => {
      got += d.toString('latin1');
      const end = got.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      socket.pause();
      resolve({ socket, head: got.slice(0, end) });
    };
    socket.on('data', onData);
    socket.on('error', () => undefined);
    socket.once('error', reject);
  });
}
