// The Servers panel's routing table rows, from a status push.
import { describe, expect, it } from 'vitest';
import { routingRows } from '../../../renderer/src/features/servers/routing-rows.js';
import type { VendorStatus } from '../../../shared/types.js';
import { orchestratorStatus } from '../../helpers/status.js';

const vendor = (v: string, patch: Partial<VendorStatus> = {}): VendorStatus => ({
  vendor: v,
  capabilities: ['chat', 'listModels'],
  breaker: 'closed',
  inflight: 0,
  calls: 0,
  errors: 0,
  latencyP50Ms: null,
  latencyP95Ms: null,
  setAsideUntil: null,
  ...patch,
});

describe('routingRows', () => {
  it('shows each vendor with in-flight, calls, errors, p50/p95 and why it is held back', () => {
    const now = 1_000_000;
    const status = {
      ...orchestratorStatus([]),
      routing: {
        strategy: 'round_robin' as const,
        vendors: [
          vendor('openai', { inflight: 2, calls: 27, errors: 1, latencyP50Ms: 41.2, latencyP95Ms: 7.25, setAsideUntil: now + 90_500 }),
          vendor('groq', { breaker: 'open', capabilities: [] }),
          vendor('local_llama', { breaker: 'half_open', setAsideUntil: now - 1 }),
        ],
      },
    };
    expect(routingRows(status, now)).toEqual([
      {
        vendor: 'openai',
        serves: 'chat, models',
        inflight: '2',
        calls: '27',
        errors: '1',
        p50: '41 ms',
        p95: '7.3 ms',
        state: 'set aside 91s (Retry-After)',
      },
      { vendor: 'groq', serves: '—', inflight: '0', calls: '0', errors: '0', p50: '—', p95: '—', state: 'circuit open' },
      { vendor: 'local_llama', serves: 'chat, models', inflight: '0', calls: '0', errors: '0', p50: '—', p95: '—', state: 'trial call' },
    ]);
  });

  it('is empty before the first status and for an older core without routing figures', () => {
    expect(routingRows(null, 0)).toEqual([]);
    expect(routingRows(orchestratorStatus([]), 0)).toEqual([]);
  });
});
