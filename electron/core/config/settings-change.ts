// What a new `orchestrator` section changes, by the file's own key paths, and which of those the
// running orchestrator cannot take without a restart. Everything else is read through settings()
// at the moment of use (timeouts, retries, pings, backoff, sessions, routing), so it applies live.
import { serializeSettings } from '../../../shared/config-schema-settings.js';
import type { OrchestratorSettings } from '../../../shared/types.js';

/** Settings bound when the gateway starts listening. Add a key here when its value is captured once. */
const RESTART_SETTINGS: readonly string[] = ['orchestrator.port', 'orchestrator.host'];

function flatten(value: unknown, at: string, out: Map<string, string>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, `${at}.${k}`, out);
  } else out.set(at, JSON.stringify(value));
}

/** The file keys (`orchestrator.retry_attempts`, `orchestrator.routing.chat_preference`) whose values differ. */
export function changedSettings(a: OrchestratorSettings, b: OrchestratorSettings): string[] {
  const fa = new Map<string, string>();
  const fb = new Map<string, string>();
  // The file shape, defaults omitted: a key present on one side only changed from or to its default.
  flatten(serializeSettings(a), 'orchestrator', fa);
  flatten(serializeSettings(b), 'orchestrator', fb);
  const keys = new Set([...fa.keys(), ...fb.keys()]);
  return [...keys].filter((k) => fa.get(k) !== fb.get(k)).sort();
}

export interface SettingsOutcome {
  /** Changed by this edit and in effect now. */
  applied: string[];
  /** Different from what the running orchestrator started with, and only a restart applies them. */
  needsRestart: string[];
}

/** `started` is what the gateway was started with; `previous` → `next` is this edit. */
export function settingsOutcome(
  started: OrchestratorSettings,
  previous: OrchestratorSettings,
  next: OrchestratorSettings,
): SettingsOutcome {
  const restart = (k: string) => RESTART_SETTINGS.includes(k);
  return {
    applied: changedSettings(previous, next).filter((k) => !restart(k)),
    needsRestart: changedSettings(started, next).filter(restart),
  };
}
