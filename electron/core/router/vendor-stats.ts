// Routed calls per vendor: counts, errors, a moving average of latency (for least_latency and the
// preference tie-break) and p50/p95 over a bounded window (for status).
import { percentile } from '../metrics/latency.js';

/** Weight of the newest sample in the moving average: a few calls are enough to follow a change. */
const EWMA_ALPHA = 0.3;
const PERCENTILE_WINDOW = 500;

interface Series {
  calls: number;
  errors: number;
  /** Successful call latencies, oldest first. */
  samples: number[];
  ewma: number | null;
}

export interface VendorCallStats {
  calls: number;
  errors: number;
  p50: number | null;
  p95: number | null;
}

export class VendorStats {
  private series = new Map<string, Series>();

  private of(vendor: string): Series {
    let s = this.series.get(vendor);
    if (!s) this.series.set(vendor, (s = { calls: 0, errors: 0, samples: [], ewma: null }));
    return s;
  }

  /** A successful routed call and how long it took. */
  record(vendor: string, ms: number): void {
    const s = this.of(vendor);
    s.calls++;
    s.samples.push(ms);
    if (s.samples.length > PERCENTILE_WINDOW) s.samples.shift();
    s.ewma = s.ewma === null ? ms : s.ewma + EWMA_ALPHA * (ms - s.ewma);
  }

  /** A routed call the vendor failed (cancellations are not counted at all). */
  recordError(vendor: string): void {
    const s = this.of(vendor);
    s.calls++;
    s.errors++;
  }

  /** Moving average of successful call latencies; null before the first success. */
  latency(vendor: string): number | null {
    const ewma = this.series.get(vendor)?.ewma ?? null;
    return ewma === null ? null : Math.round(ewma * 100) / 100;
  }

  summary(vendor: string): VendorCallStats {
    const s = this.series.get(vendor);
    if (!s) return { calls: 0, errors: 0, p50: null, p95: null };
    const sorted = [...s.samples].sort((a, b) => a - b);
    return { calls: s.calls, errors: s.errors, p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
  }
}

/**
 * Preference order first; vendors not in the preference list follow, faster ones first
 * (unknown latency last), then in the source's stable order.
 */
export function orderByPreference<T>(
  items: T[],
  vendorOf: (item: T) => string,
  preference: string[],
  latency: (vendor: string) => number | null,
): T[] {
  const rank = (v: string) => {
    const i = preference.indexOf(v);
    return i < 0 ? Number.POSITIVE_INFINITY : i;
  };
  const lat = (v: string) => latency(v) ?? Number.POSITIVE_INFINITY;
  return items
    .map((item, index) => ({ item, index, vendor: vendorOf(item) }))
    .sort((a, b) => {
      const ra = rank(a.vendor);
      const rb = rank(b.vendor);
      if (ra !== rb) return ra - rb;
      if (ra === Number.POSITIVE_INFINITY) {
        const d = lat(a.vendor) - lat(b.vendor);
        if (d !== 0 && !Number.isNaN(d)) return d;
      }
      return a.index - b.index;
    })
    .map((x) => x.item);
}
