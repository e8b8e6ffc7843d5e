// Encodes JSON-RPC replies for the JSON path. A large list that the gateway prebuilt and
// froze (tools/list over every child) is sent unchanged on every call until a child's
// tools change, so its bytes are encoded once and reused; only the envelope is new.
// Keyed by the array's identity: a rebuilt list is a new array, and a frozen one cannot
// change behind the cache's back.
const encoded = new WeakMap<readonly unknown[], Buffer>();
const MIN_CACHED_LENGTH = 32;

function cachedList(value: unknown): Buffer | undefined {
  if (!Array.isArray(value) || value.length < MIN_CACHED_LENGTH || !Object.isFrozen(value)) return undefined;
  let bytes = encoded.get(value);
  if (!bytes) {
    bytes = Buffer.from(JSON.stringify(value));
    encoded.set(value, bytes);
  }
  return bytes;
}

/**
 * The reply as chunks (to write in order) and their total length in bytes. An ordinary reply is one string: Node
 * then writes the headers and the body as one string in one write, with no Buffer made for it. A reply holding a
 * cached list is Buffers around that list's encoded bytes.
 */
export function encodeReply(reply: unknown): { chunks: (Buffer | string)[]; length: number } {
  const result = (reply as { result?: unknown } | null)?.result;
  if (result && typeof result === 'object' && !Array.isArray(result)) {
    for (const key in result) {
      const list = cachedList((result as Record<string, unknown>)[key]);
      if (!list) continue;
      const { [key]: _omitted, ...rest } = result as Record<string, unknown>;
      const { result: _result, ...envelope } = reply as Record<string, unknown>;
      const restJson = JSON.stringify(rest);
      const head = Buffer.from(`${JSON.stringify(envelope).slice(0, -1)},"result":{${JSON.stringify(key)}:`);
      const tail = Buffer.from(restJson === '{}' ? '}}' : `,${restJson.slice(1)}}`);
      return { chunks: [head, list, tail], length: head.length + list.length + tail.length };
    }
  }
  const text = JSON.stringify(reply);
  return { chunks: [text], length: Buffer.byteLength(text) };
}
