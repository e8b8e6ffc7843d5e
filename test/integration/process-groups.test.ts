// No orphans of any depth: each stdio child leads its own process group, and stop, restart, the
// orchestrator's SIGKILL (the watchdog) and its SIGTERM end the whole group. The servers here are the
// hard case: a wrapper (`sh -c`, an npx-like launcher) whose real server, a grandchild, shares the
// pipes and ignores both stdin EOF and SIGTERM, so only SIGKILL to the group ends it. Linux (/proc).
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrchestratorStatus, ServerStatus } from '../../shared/types.js';
import { gone, groupMembers } from '../helpers/proc.js';
import { control, ROOT, startServe, tempDir, waitFor, type ServeHandle } from '../helpers/serve-process.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'servers');
const CRASHY = path.join(FIXTURES, 'crashy.ts');
// Quiet: a write to a SIGKILLed serve's pipe would end it (EPIPE) before any signal had to.
const STUBBORN = { IGNORE_SIGTERM: 'quiet' };
const SERVERS = {
  // `; exit $?` keeps sh from exec'ing the server: sh stays the parent, the server is its child.
  sh: { command: '/bin/sh', args: ['-c', `"${process.execPath}" --import tsx "${CRASHY}"; exit $?`], cwd: ROOT, env: STUBBORN },
  launcher: {
    command: process.execPath,
    args: ['--import', 'tsx', path.join(FIXTURES, 'launcher.ts')],
    cwd: ROOT,
    env: { ...STUBBORN, LAUNCH: 'crashy' },
  },
};
const IDS = Object.keys(SERVERS);
const LIMIT_MS = 5_000;

const running: ServeHandle[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((h) => h.stop()));
});

async function serve(): Promise<ServeHandle> {
  const h = await startServe({ servers: SERVERS }, { dir: await tempDir(), ui: false });
  running.push(h);
  return h;
}

async function server(h: ServeHandle, id: string): Promise<ServerStatus> {
  return (await control<OrchestratorStatus>(h, 'getStatus')).value!.servers.find((s) => s.id === id)!;
}

/** Every process of each server's group: the wrapper (the group's leader) and the real server under it. */
async function groups(h: ServeHandle): Promise<number[]> {
  const all: number[] = [];
  for (const id of IDS) {
    const s = await server(h, id);
    expect(s.state).toBe('running');
    const members = groupMembers(s.pid!);
    expect(members).toContain(s.pid);
    expect(members.length).toBeGreaterThanOrEqual(2); // the wrapper and its grandchild server
    all.push(...members);
  }
  return all;
}

async function allGoneWithin(pids: number[], t0: number, what: string): Promise<void> {
  await waitFor(() => pids.every(gone), what, LIMIT_MS + 2_000, 25);
  expect(Date.now() - t0).toBeLessThan(LIMIT_MS);
}

describe('process groups', () => {
  it('stop and restart end the wrapper and its grandchild; a SIGKILLed serve leaves none behind', async () => {
    const h = await serve();
    const first = await groups(h);
    let t0 = Date.now();
    for (const id of IDS) expect((await control(h, 'stopServer', id)).ok).toBe(true);
    await allGoneWithin(first, t0, 'stopped groups to be gone');

    for (const id of IDS) expect((await control(h, 'startServer', id)).ok).toBe(true);
    const second = await groups(h);
    t0 = Date.now();
    for (const id of IDS) expect((await control(h, 'restartServer', id)).ok).toBe(true);
    await allGoneWithin(second, t0, 'restarted groups to be gone');
    for (const id of IDS) await waitFor(async () => (await server(h, id)).state === 'running', `${id} running again`, 30_000);

    const third = await groups(h);
    expect(third.some((p) => second.includes(p))).toBe(false);
    t0 = Date.now();
    h.child.kill('SIGKILL');
    await allGoneWithin(third, t0, 'groups of a SIGKILLed serve to be gone');
  }, 120_000);

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'serve exits within 5 s of %s though a grandchild holds the pipes and ignores SIGTERM',
    async (signal) => {
      const h = await serve();
      const members = await groups(h);
      const exited = new Promise<number | null>((resolve) => h.child.once('exit', (code) => resolve(code)));
      const t0 = Date.now();
      h.child.kill(signal);
      await exited;
      expect(Date.now() - t0).toBeLessThan(LIMIT_MS);
      await allGoneWithin(members, t0, 'every group of a stopped serve to be gone');
    },
    60_000,
  );
});
