import { mkdtemp, readFile, rm, writeFile, rename } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigStore, type ConfigReloadEvent } from '../../../../electron/core/config/config-store.js';
import { silentLogger } from '../../../../electron/core/env.js';
import { AppError, ErrorCode } from '../../../../shared/errors.js';
import { TestClock } from '../../../helpers/test-clock.js';
import { waitFor } from '../../../helpers/wait.js';

const config = (ids: string[]) =>
  JSON.stringify(
    { servers: Object.fromEntries(ids.map((id) => [id, { command: 'node', args: [`${id}.js`] }])), orchestrator: { port: 8123 } },
    null,
    2,
  );

let dir: string;
let file: string;
let store: ConfigStore;
let clock: TestClock;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mcpo-config-'));
  file = path.join(dir, 'config.json');
  // The debounce runs in virtual time: it passes only when a test lets it (debounce()).
  clock = new TestClock();
  store = new ConfigStore({ path: file, logger: silentLogger, debounceMs: 200, timers: clock });
});

/** Once the test's writes are done and their file event arrived, lets the debounce pass. */
async function debounce(): Promise<void> {
  await waitFor(() => clock.pending().length > 0, 5_000, 'a file event');
  await clock.advance(200);
}

afterEach(async () => {
  store.close();
  await store.idle();
  await rm(dir, { recursive: true, force: true });
});

/** Resolves with the next reload event, or rejects after a bounded wait. */
function nextReload(s: ConfigStore, timeoutMs = 5_000): Promise<ConfigReloadEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('no reload event'));
    }, timeoutMs);
    const off = s.onReload((e) => {
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}

async function expectAppError(p: Promise<unknown>, code: ErrorCode): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  return err as AppError;
}

describe('ConfigStore.load / save', () => {
  it('reports a missing file as CONFIG_NOT_FOUND naming the path', async () => {
    const err = await expectAppError(store.load(), ErrorCode.CONFIG_NOT_FOUND);
    expect(err.message).toContain(file);
    expect(store.current).toBeNull();
  });

  it('reports an invalid file as CONFIG_INVALID naming file, JSON path and problem', async () => {
    await writeFile(file, '{"servers": {"a": {"command": "x", "args": [1]}}}');
    const err = await expectAppError(store.load(), ErrorCode.CONFIG_INVALID);
    expect(err.message).toBe(`Invalid config ${file}:\n  at servers.a.args[0]: expected a string, got number`);
  });

  it('loads, then saves atomically keeping a .bak of the previous text', async () => {
    await writeFile(file, config(['a']));
    const loaded = await store.load();
    expect(loaded.servers.map((s) => s.id)).toEqual(['a']);
    expect(store.current).toBe(loaded);
    const saved = await store.save(config(['a', 'b']));
    expect(saved.servers.map((s) => s.id)).toEqual(['a', 'b']);
    expect(store.current).toBe(saved);
    expect(await store.readText()).toBe(config(['a', 'b']));
    expect(await readFile(`${file}.bak`, 'utf8')).toBe(config(['a']));
  });

  it('rejects an invalid save and leaves the file and current config untouched', async () => {
    await writeFile(file, config(['a']));
    const before = await store.load();
    const err = await expectAppError(store.save('{"servers": {"bad__id": {"command": "x"}}}'), ErrorCode.CONFIG_INVALID);
    expect(err.message).toContain('at servers.bad__id:');
    expect(await readFile(file, 'utf8')).toBe(config(['a']));
    expect(store.current).toBe(before);
  });

  it('applies concurrent saves in call order', async () => {
    await writeFile(file, config(['a']));
    await store.load();
    const results = await Promise.all([store.save(config(['one'])), store.save(config(['two'])), store.save(config(['three']))]);
    expect(results.map((c) => c.servers[0].id)).toEqual(['one', 'two', 'three']);
    expect(await readFile(file, 'utf8')).toBe(config(['three']));
    expect(store.current?.servers[0].id).toBe('three');
    expect(await readFile(`${file}.bak`, 'utf8')).toBe(config(['two']));
  });

  it('refuses a save whose base is not what is on disk (CONFIG_CONFLICT) and leaves the file as it is', async () => {
    await writeFile(file, config(['a']));
    await store.load();
    const loaded = await readFile(file, 'utf8');
    await writeFile(file, config(['hand-edit']));
    await expect(store.save(config(['mine']), loaded)).rejects.toMatchObject({ code: 'CONFIG_CONFLICT' });
    expect(await readFile(file, 'utf8')).toBe(config(['hand-edit']));
    // Based on what is on disk now (the user chose to overwrite), it goes through.
    await store.save(config(['mine']), config(['hand-edit']));
    expect(await readFile(file, 'utf8')).toBe(config(['mine']));
  });

  it('saveConfig writes the seed format', async () => {
    await writeFile(file, '{"mcpServers": {"m": {"command": "npx"}}}');
    const cfg = await store.load();
    await store.saveConfig(cfg);
    const text = await readFile(file, 'utf8');
    expect(JSON.parse(text)).toEqual({ servers: { m: { command: 'npx' } }, orchestrator: { port: 8000 } });
  });
});

describe('ConfigStore.watch (hot reload)', () => {
  it('fires once, debounced, for a burst of external writes', async () => {
    await writeFile(file, config(['a']));
    await store.load();
    store.watch();
    const events: ConfigReloadEvent[] = [];
    store.onReload((e) => events.push(e));
    const first = nextReload(store);
    // An editor-like burst: truncate + partial write + final write in quick succession.
    await writeFile(file, '');
    await writeFile(file, config(['a', 'b']).slice(0, 10));
    await writeFile(file, config(['a', 'b']));
    await debounce();
    const e = await first;
    expect(e.ok).toBe(true);
    if (!e.ok) return;
    expect(e.previous.servers.map((s) => s.id)).toEqual(['a']);
    expect(e.config.servers.map((s) => s.id)).toEqual(['a', 'b']);
    expect(store.current).toBe(e.config);
    // Prove no second event follows: a later, distinct edit must be the very next one.
    const second = nextReload(store);
    await writeFile(file, config(['c']));
    await debounce();
    const e2 = await second;
    expect(e2.ok && e2.config.servers.map((s) => s.id)).toEqual(['c']);
    expect(events).toHaveLength(2);
  });

  it('sees an editor-style atomic rename over the file', async () => {
    await writeFile(file, config(['a']));
    await store.load();
    store.watch();
    const reloaded = nextReload(store);
    const tmp = path.join(dir, 'config.json.swp');
    await writeFile(tmp, config(['z']));
    await rename(tmp, file);
    await debounce();
    const e = await reloaded;
    expect(e.ok && e.config.servers.map((s) => s.id)).toEqual(['z']);
  });

  it('keeps the previous config on an invalid edit and reports an error naming the file', async () => {
    await writeFile(file, config(['a']));
    const before = await store.load();
    store.watch();
    const bad = nextReload(store);
    await writeFile(file, '{"servers": {"a": {"command": 5}}}');
    await debounce();
    const e = await bad;
    expect(e.ok).toBe(false);
    if (e.ok) return;
    expect(e.issues).toEqual([{ path: 'servers.a.command', message: 'expected a string, got number' }]);
    expect(e.message).toContain(file);
    expect(e.message).toContain('at servers.a.command: expected a string, got number');
    expect(store.current).toBe(before);
    // Fixing the file is picked up again.
    const fixed = nextReload(store);
    await writeFile(file, config(['a', 'fixed']));
    await debounce();
    const e2 = await fixed;
    expect(e2.ok && e2.previous).toBe(before);
  });

  it('reports a deleted file as an error and keeps the running config', async () => {
    await writeFile(file, config(['a']));
    const before = await store.load();
    store.watch();
    const removed = nextReload(store);
    await rm(file);
    await debounce();
    const e = await removed;
    expect(!e.ok && e.message).toMatch(/the file was removed; keeping the last good configuration/);
    expect(store.current).toBe(before);
  });

  it('does not report its own save as a reload', async () => {
    await writeFile(file, config(['a']));
    await store.load();
    store.watch();
    const events: ConfigReloadEvent[] = [];
    store.onReload((e) => events.push(e));
    await store.save(config(['a', 'own']));
    // An external edit afterwards is the first and only event.
    const external = nextReload(store);
    await writeFile(file, config(['ext']));
    await debounce();
    const e = await external;
    expect(e.ok && e.previous.servers.map((s) => s.id)).toEqual(['a', 'own']);
    expect(events).toHaveLength(1);
  });

  it('keeps working without hot reload when the folder cannot be watched', async () => {
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (msg: string) => void warnings.push(msg) };
    const orphan = new ConfigStore({ path: path.join(dir, 'missing', 'config.json'), logger });
    expect(() => orphan.watch()).not.toThrow();
    expect(warnings).toEqual(['cannot watch config folder; hot reload is off']);
    orphan.close();
  });

  it('stops reporting after close()', async () => {
    await writeFile(file, config(['a']));
    await store.load();
    store.watch();
    store.close();
    const events: ConfigReloadEvent[] = [];
    store.onReload((e) => events.push(e));
    await writeFile(file, config(['b']));
    // A second store watching the same folder proves the event was delivered and processed.
    const probe = new ConfigStore({ path: file, logger: silentLogger, debounceMs: 50, timers: clock });
    await probe.load();
    probe.watch();
    const seen = nextReload(probe);
    await writeFile(file, config(['c']));
    await debounce();
    await seen;
    probe.close();
    expect(events).toHaveLength(0);
    expect(store.current?.servers.map((s) => s.id)).toEqual(['a']);
  });
});
