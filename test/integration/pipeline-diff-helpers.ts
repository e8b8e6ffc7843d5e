// Helpers for the pipeline entries test: a raw JSON-RPC-over-HTTP MCP client that keeps
// the whole reply (status, JSON or SSE messages) and the seeded request generator.
import http from 'node:http';
import { prng } from '../helpers/prng.js';

interface Reply {
  status: number;
  /** 'json', 'sse' or the content type / 'none' for an empty body. */
  kind: string;
  /** The JSON-RPC messages of the reply (SSE data lines, or the JSON body). */
  messages: unknown[];
}

export interface RawSession {
  /** Sends a body (any JSON value, or a string sent as is) on this session. */
  send(body: unknown): Promise<Reply>;
  /** POSTs one request and hands each SSE message to `onMessage` as it arrives; resolves with all of them when the reply ends. */
  stream(body: unknown, onMessage: (m: Record<string, unknown>) => void): Promise<Record<string, unknown>[]>;
  /** Ends the session (DELETE); resolves with the status. */
  end(): Promise<number>;
  close(): void;
}

function streamPost(
  url: URL,
  agent: http.Agent,
  headers: Record<string, string>,
  payload: string,
  onMessage: (m: Record<string, unknown>) => void,
) {
  return new Promise<Record<string, unknown>[]>((resolve, reject) => {
    const seen: Record<string, unknown>[] = [];
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers }, (res) => {
      let buffered = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        buffered += d;
        let cut: number;
        while ((cut = buffered.indexOf('\n\n')) >= 0) {
          const event = buffered.slice(0, cut);
          buffered = buffered.slice(cut + 2);
          const data = /^data: (.*)$/m.exec(event);
          if (!data) continue;
          const m = JSON.parse(data[1]) as Record<string, unknown>;
          seen.push(m);
          onMessage(m);
        }
      });
      res.on('end', () => resolve(seen));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const REQUEST_TIMEOUT_MS = 20_000;

function post(url: URL, agent: http.Agent, headers: Record<string, string>, payload: string) {
  return new Promise<{ status: number; type: string; sid?: string; body: string }>((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers, timeout: REQUEST_TIMEOUT_MS },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type'] ?? ''),
            sid: res.headers['mcp-session-id'] as string | undefined,
            body,
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no reply within ${REQUEST_TIMEOUT_MS} ms to ${payload.slice(0, 200)}`)));
    req.on('error', reject);
    req.end(payload);
  });
}

function toReply(r: { status: number; type: string; body: string }): Reply {
  if (r.type.startsWith('text/event-stream')) {
    const messages = [...r.body.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]) as unknown);
    return { status: r.status, kind: 'sse', messages };
  }
  if (r.type.startsWith('application/json')) return { status: r.status, kind: 'json', messages: [JSON.parse(r.body) as unknown] };
  return { status: r.status, kind: r.body === '' ? 'none' : r.type, messages: r.body === '' ? [] : [r.body] };
}

export async function rawSession(url: string, token: string): Promise<RawSession> {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const base = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
  };
  const init = await post(
    target,
    agent,
    base,
    JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'diff', version: '1' } },
    }),
  );
  if (init.status !== 200 || !init.sid) throw new Error(`initialize failed: ${init.status} ${init.body}`);
  const headers = { ...base, 'mcp-session-id': init.sid, 'mcp-protocol-version': '2025-06-18' };
  await post(target, agent, headers, JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
  return {
    send: async (body) => toReply(await post(target, agent, headers, typeof body === 'string' ? body : JSON.stringify(body))),
    stream: (body, onMessage) => streamPost(target, agent, headers, JSON.stringify(body), onMessage),
    end: () =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(
          { host: target.hostname, port: target.port, path: target.pathname, method: 'DELETE', agent, headers },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end();
      }),
    close: () => agent.destroy(),
  };
}

/** What the gateway lists, from which the generator picks valid names and URIs. */
export interface Catalogue {
  tools: string[];
  prompts: string[];
  resources: string[];
}

export interface Generated {
  /** '' for /mcp, or '/<profile>'. */
  endpoint: string;
  method: string;
  params?: Record<string, unknown>;
}

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const word = (rnd: () => number) => Math.floor(rnd() * 1e9).toString(36);

function toolCall(rnd: () => number, cat: Catalogue): Record<string, unknown> {
  const r = rnd();
  if (r < 0.1) return { name: `nope__${word(rnd)}` };
  if (r < 0.15) return { name: 'diff__hidden', arguments: { text: 'x' } };
  if (r < 0.2) return { name: 'everything__echo', arguments: { message: Math.floor(rnd() * 100) } };
  if (r < 0.3) return { name: 'everything__echo', arguments: { message: word(rnd) } };
  if (r < 0.35) return { name: 'everything__get-sum', arguments: { a: Math.floor(rnd() * 100), b: Math.floor(rnd() * 100) } };
  if (r < 0.4) return { name: 'diff__fail', arguments: { code: pick(rnd, [-32602, -32603, 42, 1.5]), n: word(rnd) } };
  if (r < 0.45) return { name: 'diff__slow', arguments: { ms: Math.floor(rnd() * 20) } };
  if (r < 0.5) return { name: 'diff__bad_result', arguments: { none: rnd() < 0.5 } };
  if (r < 0.55) return { name: 'diff__progress' };
  const args = { text: word(rnd), message: word(rnd), location: 'Chicago', messageType: 'success', resourceId: 2 };
  return rnd() < 0.2 ? { name: pick(rnd, cat.tools) } : { name: pick(rnd, cat.tools), arguments: args };
}

function promptGet(rnd: () => number, cat: Catalogue): Record<string, unknown> {
  const r = rnd();
  if (r < 0.15) return { name: `nope__${word(rnd)}` };
  if (r < 0.3) return { name: 'diff__greet', arguments: rnd() < 0.5 ? {} : { who: word(rnd) } };
  if (r < 0.4) return { name: 'everything__args-prompt', arguments: { city: word(rnd) } };
  return { name: pick(rnd, cat.prompts) };
}

function resourceRead(rnd: () => number, cat: Catalogue): Record<string, unknown> {
  const r = rnd();
  if (r < 0.1) return { uri: `nope://${word(rnd)}` };
  if (r < 0.3) return { uri: `diff://item/${pick(rnd, ['bad', word(rnd), '1'])}` };
  if (r < 0.4) return { uri: `demo://resource/dynamic/text/${1 + Math.floor(rnd() * 5)}` };
  return { uri: pick(rnd, cat.resources) };
}

const LISTS = ['tools/list', 'resources/list', 'resources/templates/list', 'prompts/list'];

/** `count` valid requests, the same for the same seed and catalogue. */
export function generate(seed: number, count: number, cat: Catalogue, endpoints: string[]): Generated[] {
  const rnd = prng(seed);
  const out: Generated[] = [];
  for (let i = 0; i < count; i++) {
    const endpoint = pick(rnd, endpoints);
    const r = rnd();
    let g: Generated;
    if (r < 0.55) g = { endpoint, method: 'tools/call', params: toolCall(rnd, cat) };
    else if (r < 0.7) g = { endpoint, method: 'resources/read', params: resourceRead(rnd, cat) };
    else if (r < 0.82) g = { endpoint, method: 'prompts/get', params: promptGet(rnd, cat) };
    else g = { endpoint, method: pick(rnd, LISTS), ...(rnd() < 0.3 ? { params: { cursor: word(rnd) } } : {}) };
    // Some ask for progress: those take the SDK path on both sides, and must still agree.
    if (g.method === 'tools/call' && rnd() < 0.1) g.params = { ...g.params, _meta: { progressToken: `tok-${i}` } };
    out.push(g);
  }
  return out;
}
