// SEP-2243 for the 2026 front: a tool's inputSchema may mark top-level-reachable properties with `x-mcp-header`;
// a client then mirrors those arguments into `Mcp-Param-<Name>` headers, and the server must refuse a request whose
// headers and body disagree (HTTP 400, -32020), so intermediaries that route on headers cannot be misled. The SDK
// checks this only for tools an McpServer registered itself; the gateway's tools are its children's, so it is here.
import type { IncomingMessage } from 'node:http';

const HEADER_PREFIX = 'mcp-param-';
const SENTINEL_START = '=?base64?';
const SENTINEL_END = '?=';
/** Padded base64 only: a header with sloppy encoding is refused rather than guessed at. */
const CANONICAL_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

export const HEADER_MISMATCH = -32020;

interface Declaration {
  path: string[];
  header: string;
  type: unknown;
}

/** The x-mcp-header declarations reachable through `properties` alone (the only place SEP-2243 allows them). */
export function declarationsOf(schema: unknown, path: string[] = []): Declaration[] {
  if (schema === null || typeof schema !== 'object') return [];
  const s = schema as Record<string, unknown>;
  const out: Declaration[] = [];
  const header = s['x-mcp-header'];
  if (path.length > 0 && typeof header === 'string' && header.length > 0) out.push({ path, header, type: s.type });
  const props = s.properties;
  if (props !== null && typeof props === 'object') {
    for (const [key, child] of Object.entries(props)) out.push(...declarationsOf(child, [...path, key]));
  }
  return out;
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function decode(value: string): string | undefined {
  if (!value.startsWith(SENTINEL_START) || !value.endsWith(SENTINEL_END)) return value;
  const b64 = value.slice(SENTINEL_START.length, -SENTINEL_END.length);
  if (!CANONICAL_BASE64.test(b64)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(b64, 'base64'));
  } catch {
    return undefined;
  }
}

function at(root: unknown, path: string[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Why the request's Mcp-Param-* headers disagree with its arguments, or undefined when they agree. */
export function paramHeaderMismatch(
  decls: Declaration[],
  args: unknown,
  req: IncomingMessage,
): { header: string; why: string } | undefined {
  for (const d of decls) {
    const body = at(args, d.path);
    const text = asText(body);
    if (text === undefined) continue;
    const name = `Mcp-Param-${d.header}`;
    const raw = req.headers[HEADER_PREFIX + d.header.toLowerCase()];
    const given = Array.isArray(raw) ? raw[0] : raw;
    if (given === undefined) return { header: name, why: `the body carries ${d.path.join('.')} but the ${name} header is absent` };
    const decoded = decode(given);
    if (decoded === undefined) return { header: name, why: `the ${name} header carries an invalid base64 value` };
    const numeric = (d.type === 'integer' || d.type === 'number') && typeof body === 'number' && DECIMAL.test(decoded);
    if (numeric ? Number(decoded) !== body : decoded !== text) {
      return { header: name, why: `the ${name} header does not match ${d.path.join('.')} in the body` };
    }
  }
  return undefined;
}
