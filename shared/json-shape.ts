// Structural checks on parsed JSON, for the hand checks that stand in for a schema parse (the gateway's envelope,
// params and result checks, a child's replies) and for the config parsers.

export type JsonObject = Record<string, unknown>;

/** A JSON object: neither null nor an array. */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when `o` has no keys outside `allowed`. */
export function onlyKeys(o: JsonObject, allowed: readonly string[]): boolean {
  for (const k in o) if (!allowed.includes(k)) return false;
  return true;
}
