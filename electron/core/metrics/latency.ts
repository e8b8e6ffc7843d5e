// Per-server call counters and a bounded window of recent latencies for percentiles.
import type { CallKind, CallRecorder } from '../upstream/upstream.js';

const WINDOW = 1000;

interface Series {
  calls: number;
  probes: number;
  errors: number;
  samples: number[];
  next: number;
}

export interface LatencySummary {
  calls: number;
  /** The orchestrator's own metadata calls (model listings); not in calls, errors or latencies. */
  probes: number;
  errors: number;
  p50: number | null;
  p95: number | null;
}

export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

export class CallMetrics implements CallRecorder {
  private series = new Map<string, Series>();

  record(serverId: string, ms: number, ok: boolean, kind: CallKind = 'call'): void {
    let s = this.series.get(serverId);
    if (!s) {
      s = { calls: 0, probes: 0, errors: 0, samples: [], next: 0 };
      this.series.set(serverId, s);
    }
    if (kind === 'probe') {
      s.probes++;
      return;
    }
    s.calls++;
    if (!ok) s.errors++;
    if (s.samples.length < WINDOW) s.samples.push(ms);
    else {
      s.samples[s.next] = ms;
      s.next = (s.next + 1) % WINDOW;
    }
  }

  summary(serverId: string): LatencySummary {
    const s = this.series.get(serverId);
    if (!s) return { calls: 0, probes: 0, errors: 0, p50: null, p95: null };
    const sorted = [...s.samples].sort((a, b) => a - b);
    const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
    return { calls: s.calls, probes: s.probes, errors: s.errors, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)) };
  }
}
