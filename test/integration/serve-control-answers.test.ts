// stopServer and restartServer answer as soon as the stop or restart is under way, not when the child is
// gone or the new one answered initialize (a child that never does held the caller for the whole 30 s
// start timeout); the status shows the progress. Real serve, real children.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrchestratorStatus, ServerStatus } from '../../shared/types.js';
import { control, ROOT, startServe, tempDir, waitFor, type ServeHandle } from '../helpers/serve-process.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'servers');
const fixture = (name: string, env: Record<string, string> = {}) => ({
  command: process.execPath,
  args: ['--import', 'tsx', path.join(FIXTURES, `${name}.ts`)],
  cwd: ROOT,
  env,
});
/** Far below both the 30 s start timeout and the ~4 s a stubborn child takes to stop. */
const AT_ONCE_MS = 1_000;

const running: ServeHandle[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((h) => h.stop()));
});

async function server(h: ServeHandle, id: string): Promise<ServerStatus> {
  return (await control<OrchestratorStatus>(h, 'getStatus')).value!.servers.find((s) => s.id === id)!;
}

async function timed(h: ServeHandle, method: string, id: string): Promise<number> {
  const t0 = Date.now();
  const r = await control(h, method, id);
  expect(r).toEqual({ ok: true, value: null });
  return Date.now() - t0;
}

const stateOf = async (h: ServeHandle, id: string) => (await server(h, id)).state;

describe('stopServer and restartServer', () => {
  it('answer at once, for a child stuck in initialize and for one that takes seconds to stop', async () => {
    const servers = { silent: fixture('silent'), stubborn: fixture('crashy', { IGNORE_SIGTERM: '1' }) };
    const h = await startServe({ servers }, { dir: await tempDir(), ui: false, waitForChildren: false });
    running.push(h);
    await waitFor(async () => (await stateOf(h, 'stubborn')) === 'running', 'stubborn running', 30_000);
    expect(await stateOf(h, 'silent')).toBe('starting');

    // Restarting a child that never answers initialize: the new start would hold the caller for 30 s.
    expect(await timed(h, 'restartServer', 'silent')).toBeLessThan(AT_ONCE_MS);
    expect(['stopping', 'stopped', 'starting']).toContain(await stateOf(h, 'silent'));
    expect(await timed(h, 'stopServer', 'silent')).toBeLessThan(AT_ONCE_MS);
    await waitFor(async () => (await stateOf(h, 'silent')) === 'stopped', 'silent stopped', 15_000);

    // This one ignores stdin EOF and SIGTERM: only SIGKILL, ~4 s later, ends it.
    expect(await timed(h, 'stopServer', 'stubborn')).toBeLessThan(AT_ONCE_MS);
    expect(await stateOf(h, 'stubborn')).toBe('stopping');
    await waitFor(async () => (await stateOf(h, 'stubborn')) === 'stopped', 'stubborn stopped', 15_000);
    expect((await server(h, 'stubborn')).lastExit?.reason).toBe('killed');

    expect((await control(h, 'startServer', 'stubborn')).ok).toBe(true);
    expect(await stateOf(h, 'stubborn')).toBe('running');
    const before = (await server(h, 'stubborn')).pid;
    expect(await timed(h, 'restartServer', 'stubborn')).toBeLessThan(AT_ONCE_MS);
    expect(await stateOf(h, 'stubborn')).toBe('stopping');
    await waitFor(async () => (await stateOf(h, 'stubborn')) === 'running', 'stubborn running again', 30_000);
    expect((await server(h, 'stubborn')).pid).not.toBe(before);

    // An unknown id is still an error, answered at once.
    expect(await control(h, 'stopServer', 'nope')).toMatchObject({ ok: false, error: { code: 'SERVER_NOT_FOUND' } });
  }, 90_000);
});
