import { describe, expect, it } from 'vitest';
import { CallMetrics } from '../../../../electron/core/metrics/latency.js';

describe('CallMetrics', () => {
  it('counts probes apart: not in calls, errors or latencies', () => {
    const m = new CallMetrics();
    m.record('openai', 10, true);
    m.record('openai', 30, false);
    m.record('openai', 5000, true, 'probe');
    m.record('openai', 7000, false, 'probe');
    expect(m.summary('openai')).toEqual({ calls: 2, probes: 2, errors: 1, p50: 10, p95: 30 });
  });

  it('a server with only probes has no calls and no latency', () => {
    const m = new CallMetrics();
    m.record('groq', 12, true, 'probe');
    expect(m.summary('groq')).toEqual({ calls: 0, probes: 1, errors: 0, p50: null, p95: null });
    expect(m.summary('unknown')).toEqual({ calls: 0, probes: 0, errors: 0, p50: null, p95: null });
  });
});
