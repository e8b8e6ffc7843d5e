// Recent successful-call latency per vendor, used as a tie-break and shown in vendors().
const WINDOW = 20;

export class VendorStats {
  private samples = new Map<string, number[]>();

  record(vendor: string, ms: number): void {
    const list = this.samples.get(vendor) ?? [];
    list.push(ms);
    if (list.length > WINDOW) list.shift();
    this.samples.set(vendor, list);
  }

  latency(vendor: string): number | null {
    const list = this.samples.get(vendor);
    if (!list || list.length === 0) return null;
    return Math.round((list.reduce((a, b) => a + b, 0) / list.length) * 100) / 100;
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
