// The status leaves the core built once and redacted once per change: the push, the control API's
// getStatus and every other reader share one snapshot (core-status.ts), in virtual time.
import { describe, expect, it, vi } from 'vitest';
import type { OrchestratorStatus } from '../../../shared/types.js';
import { createCore } from '../../../electron/core/create-core.js';
import { createControlApi } from '../../../electron/core/control/control-api.js';
import { STATUS_READ_MAX_AGE_MS, StatusSnapshot } from '../../../electron/core/core-status.js';
import { TestClock } from '../../helpers/test-clock.js';

function counted(clock: TestClock) {
  const counts = { builds: 0, redactions: 0 };
  const snapshot = new StatusSnapshot(
    () => {
      counts.builds++;
      return { uptimeMs: clock.now() } as unknown as OrchestratorStatus;
    },
    (s) => {
      counts.redactions++;
      return { ...s };
    },
    () => clock,
  );
  return { counts, snapshot };
}

describe('StatusSnapshot', () => {
  it('builds and redacts once for any number of reads between changes', () => {
    const clock = new TestClock(0);
    const { counts, snapshot } = counted(clock);
    const first = snapshot.get();
    for (let i = 0; i < 5; i++) expect(snapshot.get()).toBe(first);
    expect(counts).toEqual({ builds: 1, redactions: 1 });
  });

  it('builds again after a change, once', () => {
    const clock = new TestClock(0);
    const { counts, snapshot } = counted(clock);
    const before = snapshot.get();
    snapshot.invalidate();
    snapshot.invalidate();
    const after = snapshot.get();
    expect(after).not.toBe(before);
    expect(snapshot.get()).toBe(after);
    expect(counts).toEqual({ builds: 2, redactions: 2 });
  });

  it('a quiet core still shows what moves with time alone, within the read bound', async () => {
    const clock = new TestClock(0);
    const { counts, snapshot } = counted(clock);
    snapshot.get();
    await clock.advance(STATUS_READ_MAX_AGE_MS - 1);
    expect(snapshot.get().uptimeMs).toBe(0);
    await clock.advance(1);
    expect(snapshot.get().uptimeMs).toBe(STATUS_READ_MAX_AGE_MS);
    expect(counts.builds).toBe(2);
  });
});

describe('the core status path', () => {
  it('a burst of changes is one build and one redaction, shared by the push and getStatus', async () => {
    const clock = new TestClock();
    const core = createCore({ configPath: '/nonexistent/known-secret-value/config.json', dataDir: '/nonexistent', env: { clock } });
    core.redactor.add('known-secret-value');
    const redactDeep = vi.spyOn(core.redactor, 'redactDeep');
    const pushed: unknown[] = [];
    core.subscribe((name, payload) => {
      if (name === 'status') pushed.push(payload);
    });
    // Ten calls recorded: call figures changed ten times, pushed at most once per interval.
    for (let i = 0; i < 10; i++) core.recorder.record('s', 5, true);
    await clock.advance(500);
    expect(pushed).toHaveLength(1);
    const api = createControlApi(core);
    const got = await api.getStatus();
    expect(got).toEqual({ ok: true, value: pushed[0] });
    expect(core.getServerStatus()).toBe(pushed[0]);
    const statusRedactions = redactDeep.mock.calls.filter(([v]) => typeof v === 'object' && v !== null && 'totals' in v);
    expect(statusRedactions).toHaveLength(1);
    // Every reader gets the redacted one, a new event stream's first event included (control/http-api.ts).
    expect((pushed[0] as OrchestratorStatus).configPath).toBe('/nonexistent/[redacted]/config.json');
  });

  it('a change between two reads is seen by the second', async () => {
    const clock = new TestClock();
    const core = createCore({ configPath: '/nonexistent/config.json', dataDir: '/nonexistent', env: { clock } });
    const before = core.getServerStatus();
    core.recorder.record('s', 5, true);
    const after = core.getServerStatus();
    expect(after).not.toBe(before);
    expect(core.getServerStatus()).toBe(after);
  });
});
