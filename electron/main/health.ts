// Overall health for the tray icon; mirrors the renderer's header dot.
import type { OrchestratorStatus, ServerState } from '../../shared/types.js';

export type TrayHealth = 'ok' | 'warn' | 'stopped';
const PROBLEMS: ServerState[] = ['degraded', 'crashed', 'backoff', 'failed', 'needs-sign-in'];

export function trayHealth(status: OrchestratorStatus | null): TrayHealth {
  const servers = status?.servers.filter((s) => s.enabled) ?? [];
  if (servers.some((s) => PROBLEMS.includes(s.state))) return 'warn';
  if (servers.some((s) => s.state === 'running' || s.state === 'starting' || s.state === 'installing')) return 'ok';
  return 'stopped';
}

/** What the tray menu shows; the menu is rebuilt only when this changes, not on every call count. */
export function menuSignature(status: OrchestratorStatus | null): string {
  if (!status) return '';
  return [status.gateway?.url ?? '', ...status.servers.map((s) => `${s.id}:${s.name}:${s.state}:${s.enabled}`)].join('|');
}
