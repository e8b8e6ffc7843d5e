// Request checks for the loopback server: Host and Origin against DNS rebinding, bearer
// token in constant time, a bounded body reader, and JSON(-RPC) error replies.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

// The hosts the gateway binds to: the same list the config validator accepts, so no valid config is refused here.
export { isLoopbackHost } from '../../../shared/config-schema-settings.js';

/** The Host header must name a loopback host and the port we are bound to. */
export function hostAllowed(header: string | undefined, port: number): boolean {
  if (!header) return false;
  const h = header.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}` || h === `[::1]:${port}`;
}

/**
 * No Origin (non-browser clients) is fine; a browser Origin must be this gateway's own page,
 * http://127.0.0.1:PORT, http://localhost:PORT or http://[::1]:PORT. Other local ports are other
 * programs (a dev server, another app) and "null" is any sandboxed or file:// page, so both are
 * refused. The Electron window talks over IPC, not HTTP, so it sends no Origin here at all.
 */
export function originAllowed(header: string | undefined, port: number): boolean {
  if (header === undefined) return true;
  const o = header.toLowerCase();
  return o === `http://127.0.0.1:${port}` || o === `http://localhost:${port}` || o === `http://[::1]:${port}`;
}

/** The token's bytes, kept while the token stays the same (it changes only on rotation). */
let tokenMemo: { token: string; bytes: Buffer } | undefined;

function tokenBytes(token: string): Buffer {
  if (tokenMemo?.token !== token) tokenMemo = { token, bytes: Buffer.from(token, 'utf8') };
  return tokenMemo.bytes;
}

/**
 * Compares `Bearer <token>` in constant time. The given value is copied into a buffer of the
 * token's length (cut or zero-padded) and compared with timingSafeEqual, so the work depends on
 * neither its content nor how long the secret is; its real length is checked after. This replaced
 * hashing both sides with SHA-256, which cost ~4 µs per request (~1-2 % of a proxied call).
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  if (!header || token.length === 0) return false;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  const given = match ? match[1] : '';
  const expected = tokenBytes(token);
  const padded = Buffer.allocUnsafe(expected.length);
  padded.fill(0, padded.write(given, 'utf8'));
  const same = timingSafeEqual(padded, expected);
  return same && Buffer.byteLength(given, 'utf8') === expected.length && match !== null;
}

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body exceeds ${limit} bytes`);
  }
}

/** Reads the whole body, failing fast once it exceeds `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLargeError(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (!failed) reject(err);
      failed = true;
    });
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendJsonRpcError(
  res: ServerResponse,
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { jsonrpc: '2.0', error: { code, message }, id: null }, headers);
}
