import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MAX_LOG_LINES,
  healthOf,
  selectCanSave,
  selectConfigDirty,
  selectHealth,
  selectModelsForVendor,
  selectSecretSource,
  selectServer,
  selectServerLogs,
  selectToolsForServer,
  selectVendors,
} from '../../../renderer/src/store.js';
import type { AppStore } from '../../../renderer/src/store.js';
import { connectedStore, until, type MemoryCore } from './memory-client.js';
import { orchestratorStatus, serverStatus } from '../../helpers/status.js';

let core: MemoryCore;
let store: AppStore;
let disconnect: () => void;

beforeEach(async () => {
  ({ core, store, disconnect } = await connectedStore());
});

afterEach(() => disconnect());

describe('connectStore', () => {
  it('fetches each resource once at start and then only listens', () => {
    for (const m of ['getStatus', 'listTools', 'listSecrets', 'listModels', 'getConfig', 'getConnectionInfo'] as const) {
      expect(core.callsOf(m)).toHaveLength(1);
    }
    expect(core.listenerCount).toBe(1);
    disconnect();
    expect(core.listenerCount).toBe(0);
  });

  it('refreshes status once after a reconnect, not on the first open', async () => {
    core.setConnection('open');
    expect(store.getState().connection).toBe('open');
    expect(core.callsOf('getStatus')).toHaveLength(1);
    core.setConnection('connecting');
    core.setConnection('open');
    await until(() => core.callsOf('getStatus').length === 2);
  });
});

describe('status slice', () => {
  it('a status event replaces the servers', () => {
    core.emit('status', orchestratorStatus([serverStatus('a', { state: 'crashed', lastError: 'boom' })]));
    expect(store.getState().status?.servers.map((s) => s.id)).toEqual(['a']);
    expect(selectServer('a')(store.getState())?.lastError).toBe('boom');
    expect(selectHealth(store.getState())).toBe('warn');
  });

  it('a list revision or a server starting/stopping refetches tools, prompts, resources and models; metrics alone do not', async () => {
    const count = () => ['listTools', 'listPrompts', 'listResources', 'listModels'].map((m) => core.callsOf(m as 'listTools').length);
    const base = count();
    const running = orchestratorStatus([serverStatus('memory', { state: 'running', toolCount: 1 })]);
    // Only figures changed: no refetch.
    core.emit('status', { ...running, totals: { ...running.totals, calls: 3 } });
    // A child reported a tools/list change (same count, new revision).
    core.emit('status', { ...running, listRevision: 1 });
    await until(() => count().every((n, i) => n === base[i] + 1));
    // The server stopped: its tools must leave the lists.
    core.emit('status', { ...orchestratorStatus([serverStatus('memory', { state: 'stopped', toolCount: 1 })]), listRevision: 1 });
    await until(() => count().every((n, i) => n === base[i] + 2));
    core.emit('status', { ...orchestratorStatus([serverStatus('memory', { state: 'stopped', toolCount: 1, calls: 9 })]), listRevision: 1 });
    await store.getState().refreshStatus();
    expect(count()).toEqual(base.map((n) => n + 2));
  });

  it('server actions call the API and the pushed status lands in the store', async () => {
    await store.getState().serverAction('memory', 'stop');
    expect(core.callsOf('stopServer')).toEqual([['memory']]);
    expect(selectServer('memory')(store.getState())?.state).toBe('stopped');
    expect(store.getState().busyServers).toEqual({});
  });

  it('a rejected token does not raise toasts (the token gate shows it once)', async () => {
    core.api.getStatus = async () => ({ ok: false, error: { code: 'UNAUTHORIZED', message: 'bad token' } });
    await store.getState().refreshStatus();
    expect(store.getState().toasts).toEqual([]);
  });

  it('saving a setting that only a restart applies says so in the toast', async () => {
    core.api.saveConfig = async () => ({ ok: true, value: { path: '/tmp/config.json', servers: 0, needsRestart: ['orchestrator.port'] } });
    store.getState().setConfigText('{"servers":{},"orchestrator":{"port":9000}}');
    expect(await store.getState().saveConfig()).toBe(true);
    expect(store.getState().toasts.at(-1)?.message).toBe('Saved 0 servers to /tmp/config.json; needs restart: orchestrator.port');
  });

  it('a failed action raises a toast with the error message', async () => {
    await store.getState().serverAction('ghost', 'start');
    expect(store.getState().toasts.map((t) => t.message)).toEqual(['start ghost: no server ghost']);
  });
});

describe('logs slice', () => {
  it('appends log events per server and bounds them', () => {
    for (let i = 0; i < MAX_LOG_LINES + 25; i++) core.emit('log', { serverId: 'memory', at: i + 10, stream: 'stderr', text: `line ${i}` });
    core.emit('log', { serverId: 'other', at: 5, stream: 'system', text: 'started' });
    const lines = selectServerLogs('memory')(store.getState());
    expect(lines).toHaveLength(MAX_LOG_LINES);
    expect(lines[lines.length - 1].text).toBe(`line ${MAX_LOG_LINES + 24}`);
    expect(lines[0].text).toBe('line 25');
    expect(selectServerLogs('other')(store.getState()).map((l) => l.text)).toEqual(['started']);
  });

  it('history from getLogs comes first and keeps newer pushed lines', async () => {
    core.emit('log', { serverId: 'memory', at: 99, stream: 'stderr', text: 'live' });
    await store.getState().loadLogs('memory');
    expect(selectServerLogs('memory')(store.getState()).map((l) => l.text)).toEqual(['history', 'live']);
  });
});

describe('chat slice', () => {
  it('streams deltas by requestId, then the final response replaces them', async () => {
    const done = store.getState().sendChat('hello');
    const [turn] = store.getState().chatTurns;
    expect(turn.pending).toBe(true);
    core.emit('chatChunk', { requestId: turn.requestId, delta: 'Hel' });
    core.emit('chatChunk', { requestId: 'someone-else', delta: 'zzz' });
    core.emit('chatChunk', { requestId: turn.requestId, delta: 'lo' });
    expect(store.getState().chatTurns[0].text).toBe('Hello');

    core.chats.get(turn.requestId)!.resolve({
      ok: true,
      value: {
        message: 'Hello there',
        vendor: 'groq',
        model: 'm',
        usage: { total_tokens: 7 },
        latency_ms: 12,
        failover: [{ vendor: 'openai', error: '401' }],
      },
    });
    await done;
    const final = store.getState().chatTurns[0];
    expect(final).toMatchObject({ pending: false, text: 'Hello there', error: null });
    expect(final.response?.vendor).toBe('groq');
    core.emit('chatChunk', { requestId: turn.requestId, delta: 'late' });
    expect(store.getState().chatTurns[0].text).toBe('Hello there');
  });

  it('sends the conversation so far and the chosen vendor and model', async () => {
    store.getState().setChatVendor('groq');
    store.getState().setChatModel('llama-y');
    const first = store.getState().sendChat('one');
    core.chats.get(store.getState().chatTurns[0].requestId)!.resolve({
      ok: true,
      value: { message: 'uno', vendor: 'groq', model: 'llama-y', usage: null, latency_ms: 1, failover: [] },
    });
    await first;
    void store.getState().sendChat('two');
    const [, request] = core.callsOf('chat')[1] as [string, { messages: unknown[]; vendor: string; model: string }];
    expect(request.vendor).toBe('groq');
    expect(request.model).toBe('llama-y');
    expect(request.messages).toEqual([
      { role: 'user', content: 'one' },
      { role: 'assistant', content: 'uno' },
      { role: 'user', content: 'two' },
    ]);
  });

  it('Stop cancels by requestId and the turn ends with CANCELLED', async () => {
    const done = store.getState().sendChat('long');
    const id = store.getState().chatTurns[0].requestId;
    await store.getState().cancelChat(id);
    await done;
    expect(core.callsOf('cancel')).toEqual([[id]]);
    expect(store.getState().chatTurns[0]).toMatchObject({ pending: false, error: { code: 'CANCELLED' } });
  });

  it('vendor and model selectors derive from listModels', () => {
    expect(selectVendors(store.getState())).toEqual(['auto', 'groq', 'openai']);
    expect(selectModelsForVendor(store.getState())).toEqual(['gpt-x', 'llama-y']);
    store.getState().setChatVendor('openai');
    expect(selectModelsForVendor(store.getState())).toEqual(['gpt-x']);
  });
});

describe('config slice', () => {
  it('stores validation issues and blocks saving while invalid', async () => {
    store.getState().setConfigText('{"nope": 1}');
    await store.getState().validateConfig('{"nope": 1}');
    expect(store.getState().configIssues).toEqual([{ path: 'servers', message: 'Required' }]);
    expect(store.getState().configValid).toBe(false);
    expect(selectCanSave(store.getState())).toBe(false);
  });

  it('reports JSON syntax errors locally without a round trip', async () => {
    const before = core.callsOf('validateConfig').length;
    await store.getState().validateConfig('{"servers": ');
    expect(store.getState().configIssues[0].message).toMatch(/JSON syntax/);
    expect(core.callsOf('validateConfig')).toHaveLength(before);
  });

  it('saves valid edits and clears the dirty flag', async () => {
    const text = '{"servers":{"a":{"command":"x"}}}';
    store.getState().setConfigText(text);
    expect(selectConfigDirty(store.getState())).toBe(true);
    await store.getState().validateConfig(text);
    expect(selectCanSave(store.getState())).toBe(true);
    expect(await store.getState().saveConfig()).toBe(true);
    expect(core.configText).toBe(text);
    expect(selectConfigDirty(store.getState())).toBe(false);
  });

  it('a save over a file changed meanwhile keeps the edits and shows the conflict; overwrite then writes', async () => {
    await store.getState().loadConfig();
    const mine = '{"servers":{"mine":{"command":"x"}}}';
    store.getState().setConfigText(mine);
    core.configText = '{"servers":{"theirs":{"command":"y"}}}';
    expect(await store.getState().saveConfig()).toBe(false);
    expect(store.getState().configConflict).toEqual({ diskText: core.configText });
    expect(store.getState().configSaveError).toBeNull();
    expect(store.getState().configText).toBe(mine);
    expect(await store.getState().overwriteConfig()).toBe(true);
    expect(core.configText).toBe(mine);
    expect(store.getState().configConflict).toBeNull();
  });

  it('a lost push channel marks the connection lost until it is open again', () => {
    store.getState().setConnection('open');
    store.getState().setConnection('connecting');
    expect(store.getState().connectionLost).toBe(true);
    store.getState().setConnection('open');
    expect(store.getState().connectionLost).toBe(false);
  });

  it('a rejected reload is recorded; an accepted one reloads an unedited editor', async () => {
    core.emit('configReloaded', { path: '/tmp/config.json', ok: false, issues: [{ path: 'servers.a', message: 'bad' }] });
    expect(store.getState().lastReload?.ok).toBe(false);
    core.configText = '{"servers":{"b":{}}}';
    core.emit('configReloaded', { path: '/tmp/config.json', ok: true, issues: [] });
    await until(() => store.getState().configText === core.configText);
  });
});

describe('tools, secrets, weather, health', () => {
  it('filters tools per server and records call outcomes', async () => {
    expect(selectToolsForServer('memory')(store.getState()).map((t) => t.name)).toEqual(['memory__read_graph']);
    await store.getState().callTool('memory__read_graph', { q: 1 });
    expect(store.getState().toolCall).toMatchObject({ pending: false, error: null, outcome: { isError: false } });
    await store.getState().callTool('missing', {});
    expect(store.getState().toolCall?.error?.code).toBe('TOOL_NOT_FOUND');
  });

  it('setSecret sends the value but the store only learns presence', async () => {
    expect(await store.getState().setSecret('API_KEY', 's3cret')).toBe(true);
    expect(core.secrets.get('API_KEY')).toBe('s3cret');
    expect(selectSecretSource('API_KEY')(store.getState())).toBe('keychain');
    expect(JSON.stringify(store.getState().secrets)).not.toContain('s3cret');
    await store.getState().deleteSecret('API_KEY');
    expect(selectSecretSource('API_KEY')(store.getState())).toBe('missing');
  });

  it('weather uses the chosen units', async () => {
    store.getState().setWeatherUnits('imperial');
    await store.getState().fetchWeather('Oslo');
    expect(core.callsOf('getWeather')).toEqual([['Oslo', 'imperial']]);
    expect(store.getState().weather?.location).toBe('Oslo');
  });

  it('health is green, amber or grey from server states', () => {
    const st = (states: Array<'running' | 'stopped' | 'backoff'>) =>
      orchestratorStatus(states.map((state, i) => serverStatus(`s${i}`, { state })));
    expect(healthOf(null)).toBe('unknown');
    expect(healthOf(st(['running', 'running']))).toBe('ok');
    expect(healthOf(st(['running', 'backoff']))).toBe('warn');
    expect(healthOf(st(['stopped']))).toBe('stopped');
  });
});
