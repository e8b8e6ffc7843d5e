// The Servers panel's routing table: one row per vendor server the router knows, from the status push.
import type { OrchestratorStatus } from '../../../../shared/types.js';
import { formatMs } from '../../format.js';

export interface RoutingRow {
  vendor: string;
  serves: string;
  inflight: string;
  calls: string;
  errors: string;
  p50: string;
  p95: string;
  /** Breaker state, or how long the vendor stays set aside after a 429/503. */
  state: string;
}

const LABEL: Record<string, string> = { chat: 'chat', embed: 'embed', listModels: 'models', search: 'search', weather: 'weather' };

export function routingRows(status: OrchestratorStatus | null, now: number): RoutingRow[] {
  return (status?.routing?.vendors ?? []).map((v) => {
    const aside =
      v.setAsideUntil !== null && v.setAsideUntil > now ? `set aside ${Math.ceil((v.setAsideUntil - now) / 1000)}s (Retry-After)` : null;
    const breaker = v.breaker === 'closed' ? 'ok' : v.breaker === 'open' ? 'circuit open' : 'trial call';
    return {
      vendor: v.vendor,
      serves: v.capabilities.map((c) => LABEL[c] ?? c).join(', ') || '—',
      inflight: String(v.inflight),
      calls: String(v.calls),
      errors: String(v.errors),
      p50: formatMs(v.latencyP50Ms),
      p95: formatMs(v.latencyP95Ms),
      state: aside ?? breaker,
    };
  });
}
