// Decides what a new server list means for each running server.
import { deepEqual } from '../../../shared/config-schema.js';
import type { ServerConfig } from '../../../shared/types.js';

export { deepEqual };

/** Fields that only change how we present or route a server; changing them needs no restart. */
const SOFT_FIELDS = ['name', 'description', 'autostart', 'disabledTools', 'port', 'timeoutMs', 'toolPrefix'] as const;

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
