// Which chat vendors exist and whether each can answer now, derived from pushed status and the
// model list, so the picker and error messages say the same thing the servers page does.
import { BUILTIN_VENDORS } from '../../../shared/contract.js';
import type { ModelInfo, OrchestratorStatus, ServerStatus } from '../../../shared/types.js';

export interface VendorOption {
  id: string;
  usable: boolean;
  /** Why it cannot answer ("missing GROQ_API_KEY", "stopped", ...); empty when usable. */
  reason: string;
}

function reasonOf(s: ServerStatus | undefined): string {
  if (!s) return 'not configured';
  if (!s.enabled) return 'disabled in config';
  if (s.state === 'running') return '';
  // Degraded: running but unable to serve (local_llama with no model server); its status says why.
  if (s.state === 'degraded') return s.lastError ?? 'degraded';
  if (s.missingEnv.length > 0) return `missing ${s.missingEnv.join(', ')}`;
  if (s.state === 'starting') return 'starting';
  if (s.state === 'stopping') return 'stopping';
  if (s.state === 'installing') return 'installing its package';
  if (s.state === 'backoff') return 'restarting after a crash';
  if (s.state === 'failed' || s.state === 'crashed') return `${s.state}${s.lastError ? `: ${s.lastError}` : ''}`;
  return 'stopped';
}

/** Built-in vendor servers that are configured, plus any server that listed models. */
export function vendorOptions(status: OrchestratorStatus | null, models: ModelInfo[]): VendorOption[] {
  const servers = status?.servers ?? [];
  const ids = new Set<string>();
  for (const s of servers) if ((BUILTIN_VENDORS as readonly string[]).includes(s.id)) ids.add(s.id);
  for (const m of models) ids.add(m.vendor);
  return [...ids].sort().map((id) => {
    const reason = reasonOf(servers.find((s) => s.id === id));
    return { id, usable: reason === '', reason };
  });
}

/** One line naming every vendor that cannot answer and why, for "no vendor" errors. */
export function unusableSummary(options: VendorOption[]): string {
  const down = options.filter((o) => !o.usable).map((o) => `${o.id} (${o.reason})`);
  return down.length ? `Unavailable vendors: ${down.join('; ')}.` : '';
}
