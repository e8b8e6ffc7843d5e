// The pipeline's parse step. A plain request's params are checked by hand (no zod parse, no
// copy); anything else (a wrong type, an extra key, a task) goes through the SDK's own request
// schema, and a bad request gets InvalidParams with the schema's issues, whichever entry it came
// through. The lean checks only ever accept what that schema accepts.
import { McpErrorCode, ProtocolError } from '../sdk/types.js';
import { checkSpec, issuesText, type SpecName } from '../sdk/validation.js';
import { isJsonObject, onlyKeys } from '../../../shared/json-shape.js';

type Params = Record<string, unknown>;

/** _meta as the SDK takes it without change: an object whose progress token, if any, is a string or number. */
function plainMeta(m: unknown): boolean {
  if (m === undefined) return true;
  if (!isJsonObject(m)) return false;
  const t = m.progressToken;
  return t === undefined || typeof t === 'string' || (typeof t === 'number' && Number.isInteger(t));
}

const stringRecord = (v: unknown) => isJsonObject(v) && Object.values(v).every((x) => typeof x === 'string');
const listParams = (p: unknown) =>
  p === undefined || (isJsonObject(p) && onlyKeys(p, ['cursor', '_meta']) && (p.cursor === undefined || typeof p.cursor === 'string'));

const LEVELS = new Set(['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency']);

interface ParamSpec {
  /** The SDK's request schema, by its spec type name. */
  schema: SpecName;
  plain: (p: unknown) => boolean;
}

/** Per method: the SDK's request schema and the hand check that stands in for it on plain requests. */
export const PARAM_SPECS: Readonly<Record<string, ParamSpec>> = {
  'tools/list': { schema: 'ListToolsRequest', plain: listParams },
  'resources/list': { schema: 'ListResourcesRequest', plain: listParams },
  'resources/templates/list': { schema: 'ListResourceTemplatesRequest', plain: listParams },
  'prompts/list': { schema: 'ListPromptsRequest', plain: listParams },
  'tools/call': {
    schema: 'CallToolRequest',
    plain: (p) =>
      isJsonObject(p) &&
      onlyKeys(p, ['name', 'arguments', '_meta']) &&
      typeof p.name === 'string' &&
      (p.arguments === undefined || isJsonObject(p.arguments)),
  },
  'resources/read': {
    schema: 'ReadResourceRequest',
    plain: (p) => isJsonObject(p) && onlyKeys(p, ['uri', '_meta']) && typeof p.uri === 'string',
  },
  'resources/subscribe': {
    schema: 'SubscribeRequest',
    plain: (p) => isJsonObject(p) && onlyKeys(p, ['uri', '_meta']) && typeof p.uri === 'string',
  },
  'resources/unsubscribe': {
    schema: 'UnsubscribeRequest',
    plain: (p) => isJsonObject(p) && onlyKeys(p, ['uri', '_meta']) && typeof p.uri === 'string',
  },
  'prompts/get': {
    schema: 'GetPromptRequest',
    plain: (p) =>
      isJsonObject(p) &&
      onlyKeys(p, ['name', 'arguments', '_meta']) &&
      typeof p.name === 'string' &&
      (p.arguments === undefined || stringRecord(p.arguments)),
  },
  'completion/complete': { schema: 'CompleteRequest', plain: () => false },
  'logging/setLevel': {
    schema: 'SetLevelRequest',
    plain: (p) => isJsonObject(p) && onlyKeys(p, ['level', '_meta']) && typeof p.level === 'string' && LEVELS.has(p.level),
  },
};

/**
 * The request's params once valid: the same object when the hand check passes, else the SDK
 * schema's parse (which drops what the SDK drops). A request the schema refuses gets InvalidParams,
 * worded as the SDK Server words a refused tools/call ("Invalid tools/call request: <issues>"), on
 * both entries: the SDK Server checks a tools/call itself before its handler, and leaves every other
 * method's params to this check (mcp-server.ts registers them unchecked, params as given, {} if absent).
 */
export function parseParams(method: string, params: Params | undefined, spec: ParamSpec): Params {
  if (spec.plain(params) && plainMeta(params?._meta)) return params ?? {};
  const request = method === 'tools/call' && params === undefined ? { method } : { method, params: params ?? {} };
  const parsed = checkSpec(spec.schema, request);
  if (!parsed.success) throw new ProtocolError(McpErrorCode.InvalidParams, `Invalid ${method} request: ${issuesText(parsed.issues)}`);
  // A valid task request: the gateway's 2025 sessions declare no tasks (the SDK Server's own wording).
  if (isJsonObject(params?.task)) throw new Error(`Server does not support task creation (required for ${method})`);
  return (parsed.data as { params?: Params }).params ?? {};
}
