// The differential test's invalid (and unusual) POST bodies: bad params, wrong types, unknown
// methods, missing or odd ids, batches, non-JSON, plus per-server timeouts. Each goes to
// both gateways; the pipeline's JSON entry must answer each exactly as the SDK Server entry does.
let id = 9000;
const req = (method: unknown, params?: unknown, extra: Record<string, unknown> = {}) => ({
  jsonrpc: '2.0',
  id: id++,
  method,
  ...(params === undefined ? {} : { params }),
  ...extra,
});

export const INVALID_BODIES: unknown[] = [
  // tools/call with bad params
  req('tools/call'),
  req('tools/call', {}),
  req('tools/call', { name: 5 }),
  req('tools/call', { name: null }),
  req('tools/call', { name: 'diff__echo', arguments: [1, 2] }),
  req('tools/call', { name: 'diff__echo', arguments: 'text' }),
  req('tools/call', { name: 'diff__echo', arguments: null }),
  req('tools/call', []),
  req('tools/call', 'diff__echo'),
  req('tools/call', { name: 'diff__echo', arguments: { text: 'x' }, extra: 1 }),
  req('tools/call', { name: 'diff__echo', arguments: { text: 'x' }, task: { ttl: 1000 } }),
  req('tools/call', { name: 'diff__echo', arguments: { text: 'x' }, _meta: { note: 'x' } }),
  req('tools/call', { name: 'diff__echo', _meta: { progressToken: {} } }),
  req('tools/call', { name: 'diff__echo', _meta: { progressToken: 7 } }),
  req('tools/call', { name: '' }),
  req('tools/call', { name: 'find_tools', arguments: { query: 'echo' } }),
  req('tools/call', { name: 'call_tool', arguments: { name: 'diff__echo', arguments: { text: 'via meta' } } }),
  // shapes the SDK schemas rewrite or refuse, and the secret in errors
  req('tools/call', { name: 'diff__odd_result', arguments: { n: 3 } }),
  req('tools/call', { name: 'diff__error_result', arguments: { text: 'x' } }),
  req('tools/call', { name: 'p_fail', arguments: { code: -32000 } }),
  req('tools/call', { name: 'p_log_echo', arguments: { text: 'logged' } }),
  req('resources/read', { uri: 'diff://doc/blob' }),
  req('resources/read', { uri: 'diff://doc/secret' }),
  req('prompts/get', { name: 'diff__rich' }),
  req('prompts/get', { name: 'diff__broken' }),
  // per-server timeout (diff's is 1.5 s)
  req('tools/call', { name: 'diff__slow', arguments: { ms: 2_500 } }),
  // other methods with bad params
  req('resources/read'),
  req('resources/read', { uri: 5 }),
  req('resources/read', { uri: 'diff://doc/1', extra: true }),
  req('prompts/get', { name: 'diff__greet', arguments: { who: 5 } }),
  req('prompts/get', { name: 'diff__greet', arguments: ['a'] }),
  req('prompts/get', {}),
  req('tools/list', { cursor: 5 }),
  req('tools/list', 'x'),
  req('tools/list', null),
  req('prompts/list', { extra: 1 }),
  // unknown or malformed methods, ids and envelopes
  req('tools/destroy', {}),
  req(5),
  req('ping'),
  req('completion/complete', { ref: { type: 'ref/prompt', name: 'diff__greet' }, argument: { name: 'who', value: 'a' } }),
  { jsonrpc: '2.0', method: 'tools/list' },
  { jsonrpc: '2.0', id: null, method: 'tools/list' },
  { jsonrpc: '2.0', id: { a: 1 }, method: 'tools/list' },
  { jsonrpc: '1.0', id: id++, method: 'tools/list' },
  { id: id++, method: 'tools/list' },
  { jsonrpc: '2.0', id: 'str-id', method: 'tools/call', params: { name: 'diff__echo', arguments: { text: 'string id' } } },
  // batches
  [req('tools/list'), req('tools/call', { name: 'diff__echo', arguments: { text: 'b' } })],
  [req('tools/call', { name: 'diff__echo', arguments: { text: 'b' } }), req('tools/call', { name: 5 })],
  [req('tools/call', { name: 'nope' }), req('prompts/get', { name: 'diff__greet', arguments: { who: 'b' } })],
  [req('tools/list'), { jsonrpc: '2.0', method: 'notifications/initialized' }],
  [],
  // not JSON-RPC at all
  '{"jsonrpc": "2.0", "id": 1, "method": "tools/list"',
  5,
  'just a string',
  null,
  {},
];
