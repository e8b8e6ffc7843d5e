// A child's era verdict (issue 21): the negotiation mode a server's `protocol` setting gives, and the verdict kept
// between its runs for ERA_VERDICT_TTL_MS (virtual time), forgotten after a failure, never used when not probing.
import { describe, expect, it } from 'vitest';
import {
  ERA_VERDICT_TTL_MS,
  EraMemory,
  STDIO_PROBE_TIMEOUT_MS,
  versionNegotiation,
} from '../../../../electron/core/supervisor/era-memory.js';
import { FakeClock } from '../../../helpers/fake-upstreams.js';

const DISCOVER = { supportedVersions: ['2026-07-28'], capabilities: {}, serverInfo: { name: 's', version: '1' } };
const modern = { getProtocolEra: () => 'modern' as const, getDiscoverResult: () => DISCOVER };
const legacy = { getProtocolEra: () => 'legacy' as const, getDiscoverResult: () => undefined };

describe('versionNegotiation', () => {
  it('probes by default, and follows "legacy" and a pinned version', () => {
    expect(versionNegotiation(undefined)).toEqual({ mode: 'auto' });
    expect(versionNegotiation('auto')).toEqual({ mode: 'auto' });
    expect(versionNegotiation('legacy')).toEqual({ mode: 'legacy' });
    expect(versionNegotiation('2026-07-28')).toEqual({ mode: { pin: '2026-07-28' } });
    // A stdio child silent to the probe is a 2025 one after a short wait, not after the whole start timeout.
    expect(versionNegotiation(undefined, 'stdio')).toEqual({ mode: 'auto', probe: { timeoutMs: STDIO_PROBE_TIMEOUT_MS } });
  });
});

describe('EraMemory', () => {
  it('has nothing before the first connect', () => {
    expect(new EraMemory(new FakeClock()).prior(undefined)).toBeUndefined();
  });

  it('reuses a modern verdict with the discover result, until the TTL from the probe that found it', () => {
    const clock = new FakeClock();
    const era = new EraMemory(clock);
    era.remember(modern);
    expect(era.prior(undefined)).toEqual({ kind: 'modern', discover: DISCOVER });
    clock.advance(ERA_VERDICT_TTL_MS - 1);
    // A restart that connected with the remembered verdict does not make it younger.
    era.remember(modern);
    expect(era.prior('auto')).toEqual({ kind: 'modern', discover: DISCOVER });
    clock.advance(1);
    expect(era.prior(undefined)).toBeUndefined();
  });

  it('reuses a legacy verdict, and replaces it when the server moved to the other era', () => {
    const era = new EraMemory(new FakeClock());
    era.remember(legacy);
    expect(era.prior(undefined)).toEqual({ kind: 'legacy' });
    era.remember(modern);
    expect(era.prior(undefined)).toEqual({ kind: 'modern', discover: DISCOVER });
  });

  it('after a failed start: probes again when a verdict was used, tries a stdio child as 2025 after a probe', () => {
    const era = new EraMemory(new FakeClock());
    era.remember(modern);
    era.failed(undefined, 'stdio');
    expect(era.prior(undefined)).toBeUndefined();
    // A child that exited on the probe itself: next time no probe, the plain initialize.
    era.failed(undefined, 'stdio');
    expect(era.prior(undefined)).toEqual({ kind: 'legacy' });
    // And if that failed too, the verdict was not the answer: probe again.
    era.failed(undefined, 'stdio');
    expect(era.prior(undefined)).toBeUndefined();
    // Over HTTP a failed probe is an outage, not a verdict.
    era.failed(undefined, 'http');
    expect(era.prior(undefined)).toBeUndefined();
  });

  it('forgets after a failure, and is never given to a server that does not probe', () => {
    const era = new EraMemory(new FakeClock());
    era.remember(modern);
    expect(era.prior('legacy')).toBeUndefined();
    expect(era.prior('2026-07-28')).toBeUndefined();
    era.forget();
    expect(era.prior(undefined)).toBeUndefined();
  });
});
