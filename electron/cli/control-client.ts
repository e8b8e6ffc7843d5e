// The CLI's link to a running orchestrator's control API (the one the web UI uses): POST
// /api/<method> for calls, GET /api/events for the live log stream. node:http rather than fetch:
// loading fetch's implementation (undici) is a visible part of `status`'s start-up.
import http from 'node:http';
import type { ControlMethod } from '../../shared/contract.js';
import { HTTP_API_PREFIX } from '../../shared/contract-channels.js';
import { AppError, ErrorCode, type Result } from '../../shared/errors.js';

export interface Orchestrator {
  /** The gateway's MCP URL; the control API lives on the same origin. */
  url: string;
  token: string;
}

export function unreachable(url: string, err: unknown): AppError {
  const cause = (err as { code?: string }).code ?? (err as Error).message;
  return new AppError(
    ErrorCode.UNREACHABLE,
    `cannot reach the orchestrator at ${url} (${cause}). Is \`mcp-orchestrator serve\` (or the app) running?`,
  );
}

const refused = () =>
  new AppError(
    ErrorCode.UNAUTHORIZED,
    'the orchestrator refused the token (401). Set MCP_ORCHESTRATOR_TOKEN or run on the same account as serve.',
  );

function request(o: Orchestrator, path: string, method: 'GET' | 'POST', body?: string) {
  return new Promise<http.IncomingMessage>((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${o.token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const req = http.request(new URL(path, o.url), { method, headers }, resolve);
    req.on('error', (err) => reject(unreachable(o.url, err)));
    req.end(body);
  });
}

/** One control method; its Result is unwrapped: a failure throws AppError with the orchestrator's code. */
export async function controlCall<T>(o: Orchestrator, method: ControlMethod, args: unknown[] = []): Promise<T> {
  const res = await request(o, `${HTTP_API_PREFIX}/${method}`, 'POST', JSON.stringify({ args }));
  let text = '';
  res.setEncoding('utf8');
  for await (const chunk of res) text += chunk as string;
  if (res.statusCode === 401) throw refused();
  let body: Result<T>;
  try {
    body = JSON.parse(text) as Result<T>;
  } catch {
    throw new AppError(ErrorCode.INTERNAL, `unexpected answer from ${o.url} (HTTP ${res.statusCode}): ${text.slice(0, 200)}`);
  }
  if (!body.ok) throw new AppError(body.error.code, body.error.message);
  return body.value;
}

/**
 * Calls onEvent for each server-sent event until the stream ends or `signal` aborts. Resolves when
 * it ends (the orchestrator stopped, or rotated the token).
 */
export async function streamEvents(o: Orchestrator, onEvent: (name: string, data: unknown) => void, signal: AbortSignal): Promise<void> {
  const res = await request(o, `${HTTP_API_PREFIX}/events`, 'GET');
  if (res.statusCode === 401) throw refused();
  if (res.statusCode !== 200) throw new AppError(ErrorCode.UPSTREAM_ERROR, `event stream refused (HTTP ${res.statusCode})`);
  const stop = () => res.destroy();
  signal.addEventListener('abort', stop, { once: true });
  let buffer = '';
  res.setEncoding('utf8');
  try {
    for await (const chunk of res) {
      buffer += chunk as string;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: (.*)$/m.exec(block)?.[1];
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .join('\n');
        if (name && data) onEvent(name, JSON.parse(data));
      }
    }
  } catch (err) {
    if (!signal.aborted) throw err;
  } finally {
    signal.removeEventListener('abort', stop);
  }
}
