// The JSON-RPC envelope check of the transport's JSON path: a plain request, checked by hand,
// stands in for the SDK's zod parse of JSONRPCMessageSchema (which copies the message).
import { SUPPORTED_PROTOCOL_VERSIONS } from '../sdk/types.js';
import { isJsonObject } from '../../../shared/json-shape.js';

type Msg = Record<string, unknown>;

const ENVELOPE_KEYS = new Set(['jsonrpc', 'id', 'method', 'params']);

/**
 * A request the SDK's JSONRPCRequestSchema accepts as it is, checked by hand: only the envelope's
 * keys, an integer or string id, params an object whose _meta (if any) holds only a valid progress
 * token. Anything else is left to the schema itself, so what is accepted never widens.
 */
export function plainRequest(m: Msg): boolean {
  for (const k in m) if (!ENVELOPE_KEYS.has(k)) return false;
  const { id, params } = m;
  if (m.jsonrpc !== '2.0' || typeof m.method !== 'string') return false;
  if (typeof id !== 'string' && !Number.isSafeInteger(id)) return false;
  if (params === undefined) return true;
  if (!isJsonObject(params)) return false;
  const meta = params._meta;
  if (meta === undefined) return true;
  if (!isJsonObject(meta)) return false;
  for (const k in meta) if (k !== 'progressToken') return false;
  const t = meta.progressToken;
  return t === undefined || typeof t === 'string' || Number.isSafeInteger(t);
}

/**
 * True when the SDK's era classifier would certainly call this POST 2025: a plain request (above) other than
 * initialize, with no version header or a 2025-era one (no envelope claim can hide in a plain request's _meta). The
 * 2026 front asks this on every POST, and the classifier (an object spread and the SDK's schema checks) was a few %
 * of the gateway's CPU per call. Anything else is left to the classifier; test/unit/core/sdk/v2-seam.test.ts holds
 * the two to agreement.
 */
export function plainLegacyRequest(body: unknown, protocolVersionHeader: string | undefined): boolean {
  if (protocolVersionHeader !== undefined && !SUPPORTED_PROTOCOL_VERSIONS.includes(protocolVersionHeader)) return false;
  return isJsonObject(body) && body.method !== 'initialize' && plainRequest(body);
}
