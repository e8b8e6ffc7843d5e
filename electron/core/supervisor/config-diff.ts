// Decides what a new server list means for each running server.
import type { ServerConfig } from '../../../shared/types.js';

/** Fields that only change how we present or route a server; changing them needs no restart. */
const SOFT_FIELDS = ['name', 'description', 'autostart', 'disabledTools', 'port', 'timeoutMs'] as const;

export type ConfigChange = 'same' | 'soft' | 'restart';

export function compareConfigs(a: ServerConfig, b: ServerConfig): ConfigChange {
  if (deepEqual(a, b)) return 'same';
  const strip = (c: ServerConfig) => {
    const copy: Record<string, unknown> = { ...c };
    for (const f of SOFT_FIELDS) delete copy[f];
    return copy;
  };
  return deepEqual(strip(a), strip(b)) ? 'soft' : 'restart';
}

/** Structural equality for JSON-like values; object key order does not matter, undefined keys equal missing ones. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const k of keys) if (!deepEqual(ra[k], rb[k])) return false;
  return true;
}
