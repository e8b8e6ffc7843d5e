// Sandboxed children (issue 22 item 6) with real bubblewrap and a real hostile child (sandbox-probe.ts).
// Every restriction is tried by the same child twice: unsandboxed it succeeds (so the attempt is real),
// under "sandbox" it fails. The test's folders are made under the repo's .tmp/, not /tmp, so hiding the data
// and config folders is proven on its own, not by the blank /tmp.
import { fileURLToPath } from 'node:url';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, systemClock } from '../../electron/core/env.js';
import type { Supervisor } from '../../electron/core/supervisor/supervisor.js';
import type { ServerConfig } from '../../shared/types.js';
import {
  FIXTURE_DIR,
  REPO_ROOT,
  createTestSupervisor,
  stdioConfig,
  waitForStatus,
  waitUntil,
} from '../fixtures/servers/supervisor-harness.js';

const bwrap = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v bwrap'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
})();
const SKIP = process.platform !== 'linux' ? 'not Linux' : bwrap === null ? 'bwrap (bubblewrap) is not installed' : null;
if (SKIP) console.warn(`[sandbox.test] SKIPPED: ${SKIP}; sandboxed children are not tested on this machine`);

const up = (s: { state: string }) => s.state === 'running' || s.state === 'degraded';
const PROBE = path.join(FIXTURE_DIR, 'sandbox-probe.ts');
const TSX_LOADER = fileURLToPath(import.meta.resolve('tsx'));

interface ProbeResult {
  pid: number;
  ppid: number;
  procPids: number[];
  env: string[];
  capEff: string;
  read: Record<string, string>;
  write: Record<string, string>;
  list: Record<string, string>;
  tcp?: string;
  socket?: string;
  linger?: number;
}

let base: string;
let dirs: Record<'home' | 'data' | 'config' | 'work' | 'outside' | 'ro' | 'rw', string>;
let realHomeMarker: string | null = null;
let tcp: net.Server;
let tcpPort: number;
let bus: { path: string; server?: net.Server };
let sup: Supervisor | undefined;

beforeAll(async () => {
  if (SKIP) return;
  mkdirSync(path.join(REPO_ROOT, '.tmp'), { recursive: true });
  base = mkdtempSync(path.join(REPO_ROOT, '.tmp', 'sandbox-'));
  const names = ['home', 'data', 'config', 'work', 'outside', 'ro', 'rw'] as const;
  dirs = Object.fromEntries(names.map((n) => [n, path.join(base, n)])) as typeof dirs;
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  mkdirSync(path.join(dirs.home, '.ssh'));
  writeFileSync(path.join(dirs.home, '.ssh', 'id_x'), 'PRIVATE KEY');
  writeFileSync(path.join(dirs.data, 'client-tokens.json'), '{"tokens":[]}');
  writeFileSync(path.join(dirs.data, 'orchestrator.json'), '{"pid":1}');
  writeFileSync(path.join(dirs.config, 'config.json'), '{"servers":{}}');
  writeFileSync(path.join(dirs.ro, 'r.txt'), 'readable');
  writeFileSync(path.join(dirs.home, 'notes.txt'), 'in the home folder');
  for (const t of tmpFiles()) writeFileSync(t, 'a temp file of the host');
  // The real account's home (root's in CI): a file there stands for "other users' files".
  try {
    realHomeMarker = path.join(os.userInfo().homedir, `.mcp-orch-sandbox-test-${process.pid}`);
    writeFileSync(realHomeMarker, 'someone else');
  } catch {
    console.warn('[sandbox.test] the real home folder is not writable: the "other homes" check runs on /home and /root listings only');
    realHomeMarker = null;
  }
  tcp = net.createServer((s) => s.end());
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
  tcpPort = (tcp.address() as net.AddressInfo).port;
  // The real session bus when there is one (scripts/test.sh runs one), else a stand-in socket where buses live.
  const addr = process.env.DBUS_SESSION_BUS_ADDRESS?.match(/unix:path=([^,]+)/)?.[1];
  if (addr) bus = { path: addr };
  else {
    const p = path.join(mkdtempSync('/tmp/mcp-orch-bus-'), 'bus');
    const server = net.createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(p, r));
    bus = { path: p, server };
  }
}, 30_000);

afterAll(async () => {
  if (SKIP) return;
  tcp?.close();
  bus?.server?.close();
  if (realHomeMarker) rmSync(realHomeMarker, { force: true });
  for (const t of tmpFiles()) rmSync(t, { force: true });
  rmSync(base, { recursive: true, force: true });
});

afterEach(async () => {
  await sup?.stopAll();
  sup = undefined;
});

function supervisor(bwrapPath?: string | null): Supervisor {
  const processEnv: Record<string, string | undefined> = {
    ...process.env,
    HOME: dirs.home,
    DBUS_SESSION_BUS_ADDRESS: `unix:path=${bus.path}`,
  };
  return createTestSupervisor({
    env: { logger: silentLogger, clock: systemClock, dataDir: dirs.data, processEnv, bwrapPath },
    configPath: path.join(dirs.config, 'config.json'),
    resolveEnv: async (names) => Object.fromEntries(names.map((n) => [n, processEnv[n]])),
  });
}

function probeServer(id: string, sandbox: ServerConfig['sandbox']): ServerConfig {
  // tsx by path: a bare `--import tsx` resolves from the working folder, which a sandboxed child does not see.
  return stdioConfig(id, process.execPath, ['--import', TSX_LOADER, PROBE], {
    cwd: dirs.work,
    envPassthrough: ['DBUS_SESSION_BUS_ADDRESS'],
    ...(sandbox !== undefined ? { sandbox } : {}),
  });
}

async function probe(id: string, args: Record<string, unknown>): Promise<ProbeResult> {
  const r = await sup!.get(id)!.client.callTool({ name: 'probe', arguments: args });
  return JSON.parse((r.content as Array<{ text: string }>)[0].text) as ProbeResult;
}

/** Host pids whose command line carries `tag`. */
function tagged(tag: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(tag)) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const tmpFiles = () => ['/tmp', '/var/tmp'].filter(existsSync).map((d) => path.join(d, `mcp-orch-sandbox-test-${process.pid}.txt`));
const secrets = () => [
  path.join(dirs.home, '.ssh', 'id_x'),
  path.join(dirs.data, 'client-tokens.json'),
  path.join(dirs.data, 'orchestrator.json'),
  path.join(dirs.config, 'config.json'),
];

describe.skipIf(SKIP !== null)('sandboxed children (bubblewrap)', () => {
  it('unsandboxed, the probe reaches everything; sandboxed ("auto"), none of it', async () => {
    sup = supervisor();
    await sup.setServers([probeServer('open', 'off'), probeServer('boxed', 'auto')]);
    await waitForStatus(sup, 'open', up);
    await waitForStatus(sup, 'boxed', up);
    expect(sup.status('open')).toMatchObject({ sandboxed: false });
    expect(sup.status('open').sandboxReason).toBeUndefined();
    expect(sup.status('boxed')).toMatchObject({ sandboxed: true });
    expect(readFileSync(`/proc/${sup.status('boxed').pid}/cmdline`, 'utf8').split('\0')[0]).toBe(bwrap);

    const outside = path.join(dirs.outside, 'planted.txt');
    const planted = path.join(dirs.home, '.ssh', 'authorized_keys');
    const args = (tag: string) => ({
      read: [...secrets(), path.join(dirs.home, 'notes.txt'), ...tmpFiles(), ...(realHomeMarker ? [realHomeMarker] : [])],
      write: [outside, planted, path.join(dirs.work, 'own.txt')],
      list: ['/home', '/root', '/run/user'],
      tcpPort,
      socket: bus.path,
      lingerTag: tag,
    });
    const openTag = `open-linger-${process.pid}`;
    const boxedTag = `boxed-linger-${process.pid}`;
    // The sandboxed probe goes first, so anything it leaves on the host would still be there to see.
    const boxed = await probe('boxed', args(boxedTag));
    const leftByBoxed = [outside, planted].filter((p) => existsSync(p));
    const open = await probe('open', args(openTag));

    // The key, the data folder's token files, the config, the rest of the home folder, the host's temp files, another
    // account's home.
    for (const p of args('').read) {
      expect(open.read[p], p).toMatch(/^ok/);
      expect(boxed.read[p], p).toMatch(/^error:/);
    }
    // Writing outside its working folder fails (read-only); planting an SSH key lands in a blank private
    // folder at most, never in the real one. Its own folder is writable.
    expect(open.write[outside]).toBe('ok');
    // Read-only where the folder is visible (EROFS); absent where it lies in a blanked folder, as in a checkout
    // under /tmp (ENOENT). Either way nothing is written: leftByBoxed above checks the host side.
    expect(boxed.write[outside]).toMatch(/^error:(EROFS|ENOENT)/);
    expect(open.write[planted]).toBe('ok');
    expect(leftByBoxed).toEqual([]);
    expect(boxed.write[path.join(dirs.work, 'own.txt')]).toBe('ok');
    expect(readFileSync(path.join(dirs.work, 'own.txt'), 'utf8')).toBe('written by the probe');
    rmSync(outside);
    rmSync(planted);
    // Other users' homes and root's are blank.
    expect(boxed.list['/home']).toBe('ok:');
    expect(boxed.list['/root']).toBe('ok:');
    // Where session buses and keyring sockets live: blank when it exists.
    if (existsSync('/run/user')) expect(boxed.list['/run/user']).toBe('ok:');
    // No capabilities, even when the orchestrator runs as root (as in CI).
    expect(BigInt(`0x${boxed.capEff}`)).toBe(0n);
    if (process.getuid?.() === 0) expect(BigInt(`0x${open.capEff}`)).not.toBe(0n);
    // Its own PID namespace: no ancestor in /proc, the test process (its parent's parent) included.
    expect(open.procPids).toContain(process.pid);
    expect(open.ppid).toBe(process.pid);
    expect(boxed.procPids).not.toContain(process.pid);
    expect(boxed.procPids.length).toBeLessThan(10);
    expect(boxed.ppid).toBe(1);
    // No session bus: the variable is gone and the socket is out of reach.
    expect(open.env).toContain('DBUS_SESSION_BUS_ADDRESS');
    expect(open.socket).toBe('ok');
    expect(boxed.env).not.toContain('DBUS_SESSION_BUS_ADDRESS');
    expect(boxed.socket).toMatch(/^error:/);
    // Network is on by default.
    expect(boxed.tcp).toBe('ok');

    // A process that left the group: unsandboxed it outlives the stop; sandboxed it dies with the namespace.
    await waitUntil(() => tagged(openTag).length === 1 && tagged(boxedTag).length === 1, 10_000, 'lingerers to run');
    const survivor = tagged(openTag);
    await sup.stop('open');
    await sup.stop('boxed');
    try {
      await waitUntil(() => tagged(boxedTag).length === 0, 10_000, 'the sandboxed lingerer to be gone');
      expect(tagged(openTag)).toEqual(survivor);
    } finally {
      for (const pid of [...tagged(openTag), ...tagged(boxedTag)]) process.kill(pid, 'SIGKILL');
    }
  }, 60_000);

  it('"network": false cuts even loopback; "read" and "write" paths are bound as asked', async () => {
    sup = supervisor();
    // `read` covers the whole test folder: the data and config folders in it must stay hidden all the same.
    await sup.setServers([
      probeServer('offline', { network: false, read: [dirs.ro, base], write: [dirs.rw] }),
      probeServer('badpath', { network: true, read: ['/nonexistent-sandbox-path'], write: [] }),
    ]);
    await waitForStatus(sup, 'offline', up);
    const r = await probe('offline', {
      read: [path.join(dirs.ro, 'r.txt'), ...secrets()],
      write: [path.join(dirs.ro, 'w.txt'), path.join(dirs.rw, 'w.txt')],
      tcpPort,
    });
    expect(r.tcp).toMatch(/^error:/);
    expect(r.read[path.join(dirs.ro, 'r.txt')]).toBe('ok:readable');
    for (const p of secrets()) expect(r.read[p], p).toMatch(/^error:/);
    expect(r.write[path.join(dirs.ro, 'w.txt')]).toMatch(/^error:EROFS/);
    expect(r.write[path.join(dirs.rw, 'w.txt')]).toBe('ok');
    expect(readFileSync(path.join(dirs.rw, 'w.txt'), 'utf8')).toBe('written by the probe');
    expect(existsSync(path.join(dirs.ro, 'w.txt'))).toBe(false);
    // A policy path that does not exist stops the start, and the log names it.
    await waitUntil(() => sup!.status('badpath').lastExit !== null, 20_000, 'badpath to fail');
    expect(sup.status('badpath').state).not.toBe('running');
    expect(
      sup
        .logs('badpath')
        .map((l) => l.text)
        .join('\n'),
    ).toMatch(/nonexistent-sandbox-path/);
  }, 60_000);

  it('without bwrap: "auto" runs unsandboxed and says why; an explicit policy refuses to start', async () => {
    sup = supervisor(null);
    await sup.setServers([probeServer('auto', 'auto'), probeServer('strict', { network: true, read: [], write: [] })]);
    const auto = await waitForStatus(sup, 'auto', up);
    expect(auto.sandboxed).toBe(false);
    expect(auto.sandboxReason).toMatch(/bwrap .* not installed/);
    const strict = await waitForStatus(sup, 'strict', (s) => s.state === 'failed');
    expect(strict.pid).toBeNull();
    expect(strict.sandboxed).toBe(false);
    expect(strict.lastError).toMatch(/sandbox policy is configured but bwrap .* not installed; not starting unsandboxed/);
    expect(strict.lastExit?.reason).toBe('spawn-failed');
  }, 60_000);

  it('a bwrap that cannot make a sandbox here counts as missing: "auto" falls back and says why', async () => {
    // /bin/false stands in for a bwrap refused user namespaces: it fails the one-off check like one would.
    sup = supervisor('/bin/false');
    await sup.setServers([probeServer('auto', 'auto'), probeServer('strict', { network: true, read: [], write: [] })]);
    const auto = await waitForStatus(sup, 'auto', up);
    expect(auto.sandboxed).toBe(false);
    expect(auto.sandboxReason).toMatch(/bwrap \(\/bin\/false\) cannot create a sandbox here: exit 1/);
    const strict = await waitForStatus(sup, 'strict', (s) => s.state === 'failed');
    expect(strict.lastError).toMatch(/cannot create a sandbox here.*not starting unsandboxed/);
  }, 60_000);

  it('everything in the sandbox dies with the orchestrator, even a process that left the group (--die-with-parent)', async () => {
    const tag = `die-with-parent-${process.pid}`;
    const parent = spawn(process.execPath, ['--import', 'tsx', path.join(FIXTURE_DIR, 'sandbox-parent.ts'), tag], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      // bwrap, its init, the child and the process that left the child's group.
      await waitUntil(() => tagged(tag).length >= 4, 20_000, 'the sandboxed tree to run');
      parent.kill('SIGKILL');
      await waitUntil(() => tagged(tag).length === 0, 10_000, 'the sandboxed tree to die with its parent');
    } finally {
      parent.kill('SIGKILL');
      for (const pid of tagged(tag)) process.kill(pid, 'SIGKILL');
    }
  }, 60_000);
});
