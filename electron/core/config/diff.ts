// What changed between two server lists, so a reload restarts only what it must.
import type { OrchestratorSettings, ServerConfig } from '../../../shared/types.js';
import { deepEqual } from '../../../shared/config-schema.js';

export interface ServerDiff {
  added: ServerConfig[];
  removed: ServerConfig[];
  /** The new version of each changed server. */
  changed: ServerConfig[];
  unchanged: ServerConfig[];
}

/** Compares by id; an entry is "changed" if any field differs (deep equality). */
export function diffServers(prev: ServerConfig[], next: ServerConfig[]): ServerDiff {
  const before = new Map(prev.map((s) => [s.id, s]));
  const after = new Set(next.map((s) => s.id));
  const out: ServerDiff = { added: [], removed: [], changed: [], unchanged: [] };
  for (const s of next) {
    const old = before.get(s.id);
    if (!old) out.added.push(s);
    else if (deepEqual(old, s)) out.unchanged.push(s);
    else out.changed.push(s);
  }
  for (const s of prev) if (!after.has(s.id)) out.removed.push(s);
  return out;
}

/** Names of the settings that differ, e.g. ['port', 'routing.chatPreference']. */
export function diffSettings(prev: OrchestratorSettings, next: OrchestratorSettings): string[] {
  const changed: string[] = [];
  for (const key of Object.keys(next) as (keyof OrchestratorSettings)[]) {
    if (key === 'routing') continue;
    if (!deepEqual(prev[key], next[key])) changed.push(key);
  }
  for (const key of Object.keys(next.routing) as (keyof OrchestratorSettings['routing'])[]) {
    if (!deepEqual(prev.routing[key], next.routing[key])) changed.push(`routing.${key}`);
  }
  return changed;
}
