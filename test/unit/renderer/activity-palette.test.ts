// The Activity page's store (first page, "load older", live lines judged by the shown filter, bounded
// memory) and the command palette's fuzzy ranking and action list.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/audit.js';
import type { AppStore } from '../../../renderer/src/store.js';
import { ACTIVITY_PAGE, MAX_ACTIVITY_LINES, activityQuery, NO_ACTIVITY_FILTER } from '../../../renderer/src/slices/activity-slice.js';
import { fuzzyRank, fuzzyScore } from '../../../renderer/src/features/palette/fuzzy.js';
import { paletteActions } from '../../../renderer/src/features/palette/palette-actions.js';
import { serverStatus } from '../../helpers/status.js';
import { VIEWS } from '../../../renderer/src/store.js';

import { connectedStore, until, type MemoryCore } from './memory-client.js';

const LABELS = Object.fromEntries(VIEWS.map((v) => [v, v[0].toUpperCase() + v.slice(1)])) as Record<(typeof VIEWS)[number], string>;
const T0 = Date.UTC(2026, 0, 2, 3, 0, 0);
function entry(i: number, over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    time: new Date(T0 + i * 1000).toISOString(),
    client: i % 2 ? 'cursor' : 'admin',
    profile: null,
    server: 'memory',
    tool: 'read_graph',
    publicName: 'memory__read_graph',
    argBytes: 2,
    argSha256: String(i).padStart(64, '0'),
    outcome: 'ok',
    latencyMs: i,
    ...over,
  };
}

let core: MemoryCore;
let store: AppStore;
let disconnect: () => void;
beforeEach(async () => {
  ({ core, store, disconnect } = await connectedStore());
});
afterEach(() => disconnect());

describe('the activity slice', () => {
  it('loads one bounded page newest first, then older pages behind it', async () => {
    core.audit = Array.from({ length: ACTIVITY_PAGE + 30 }, (_, i) => entry(i));
    await store.getState().loadActivity();
    let st = store.getState();
    expect(st.activity).toHaveLength(ACTIVITY_PAGE);
    expect(st.activity[0].latencyMs).toBe(ACTIVITY_PAGE + 29);
    expect(st.activityMore).toBe(true);
    await st.loadOlderActivity();
    st = store.getState();
    expect(st.activity).toHaveLength(ACTIVITY_PAGE + 30);
    expect(st.activity.at(-1)!.latencyMs).toBe(0);
    expect(st.activityMore).toBe(false);
    expect(core.callsOf('listAudit').at(-1)).toEqual([{ limit: ACTIVITY_PAGE, offset: ACTIVITY_PAGE }]);
  });

  it('prepends pushed lines that match the filter, ignores the rest, and only once loaded', async () => {
    core.emit('audit', entry(1));
    expect(store.getState().activity).toEqual([]);
    core.audit = [entry(0)];
    store.getState().setActivityFilter({ client: 'cursor' });
    await until(() => store.getState().activityLoaded);
    expect(store.getState().activity).toEqual([]);
    core.emit('audit', entry(2)); // admin: filtered out
    core.emit('audit', entry(3)); // cursor
    expect(store.getState().activity.map((e) => e.latencyMs)).toEqual([3]);
    expect(core.callsOf('listAudit').at(-1)).toEqual([{ client: 'cursor', limit: ACTIVITY_PAGE }]);
  });

  it('keeps at most MAX_ACTIVITY_LINES in memory; older ones stay reachable with "Load older"', async () => {
    await store.getState().loadActivity();
    for (let i = 0; i < MAX_ACTIVITY_LINES + 5; i++) core.emit('audit', entry(i));
    expect(store.getState().activity).toHaveLength(MAX_ACTIVITY_LINES);
    expect(store.getState().activity[0].latencyMs).toBe(MAX_ACTIVITY_LINES + 4);
    expect(store.getState().activityMore).toBe(true);
  });

  it('turns the filter into the control API query (a time range becomes an ISO start)', () => {
    expect(activityQuery(NO_ACTIVITY_FILTER, T0)).toEqual({});
    expect(activityQuery({ range: '1h', server: 'memory', client: ' cursor ', tool: '', outcome: 'error' }, T0)).toEqual({
      since: new Date(T0 - 3_600_000).toISOString(),
      server: 'memory',
      client: 'cursor',
      outcome: 'error',
    });
  });
});

describe('the command palette', () => {
  it('matches letters in order and ranks adjacent runs and word starts first', () => {
    expect(fuzzyScore('stwea', 'Stop server weather')).not.toBeNull();
    expect(fuzzyScore('xyz', 'Stop server weather')).toBeNull();
    const labels = ['Restart server memory', 'Go to Tools', 'Stop server memory', 'Call tool memory__read_graph'];
    expect(fuzzyRank(labels, 'stop mem', (l) => l)[0]).toBe('Stop server memory');
    expect(fuzzyRank(labels, 'go tools', (l) => l)[0]).toBe('Go to Tools');
    expect(fuzzyRank(labels, '', (l) => l)).toEqual(labels);
  });

  it("offers pages, the config editor, the actions each server's state allows, and enabled tools", () => {
    store.getState().setStatus({
      ...store.getState().status!,
      servers: [
        serverStatus('memory', { state: 'running' }),
        serverStatus('groq', { state: 'stopped', missingEnv: ['GROQ_API_KEY'] }),
        serverStatus('weather', { state: 'stopped' }),
      ],
    });
    const ids = paletteActions(store.getState(), LABELS).map((a) => a.id);
    expect(ids).toEqual(expect.arrayContaining(['view:tools', 'view:activity', 'config-editor', 'tool:memory__read_graph']));
    expect(ids).toEqual(expect.arrayContaining(['stop:memory', 'restart:memory', 'start:weather']));
    expect(ids).not.toContain('start:memory');
    expect(ids).not.toContain('stop:weather');
    // Missing its key: nothing to start or restart until it is set.
    expect(ids.filter((id) => id.endsWith(':groq'))).toEqual([]);
  });

  it('runs a server action through the store and gives focus back', async () => {
    let back = 0;
    const stop = paletteActions(store.getState(), LABELS).find((a) => a.id === 'stop:memory')!;
    stop.run(() => back++);
    await until(() => core.callsOf('stopServer').length === 1);
    expect(core.callsOf('stopServer')[0]).toEqual(['memory']);
    expect(back).toBe(1);
  });
});
