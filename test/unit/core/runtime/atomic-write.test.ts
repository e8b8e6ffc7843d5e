import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, watch } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STALE_TEMP_MS, writeFileAtomic } from '../../../../electron/core/runtime/atomic-write.js';
import { parseConfigText } from '../../../../shared/config-schema.js';
import { bigConfig } from '../config/fixtures/big-config.js';

const CHILD = fileURLToPath(new URL('./fixtures/atomic-writer-child.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

let dir: string;
let file: string;
const children = new Set<ChildProcess>();

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mcpo-atomic-'));
  file = path.join(dir, 'config.json');
});

afterEach(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
  await rm(dir, { recursive: true, force: true });
});

/**
 * Starts the writer and SIGKILLs it soon after it announces write number `killAt`. The
 * small random delay is fault injection, not a wait: it spreads the kill over the write.
 */
function runAndKill(target: string, killAt: number): Promise<{ lastAnnounced: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, target, '200'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let lastAnnounced = 0;
    let stderr = '';
    let signal: NodeJS.Signals | null = null;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      const before = lastAnnounced;
      for (const m of d.toString().matchAll(/writing (\d+)/g)) lastAnnounced = Number(m[1]);
      if (before < killAt && lastAnnounced >= killAt) setTimeout(() => child.kill('SIGKILL'), Math.random() * 20);
    });
    child.on('error', reject);
    child.on('exit', (_code, sig) => (signal = sig));
    // 'close' waits for stdout to drain, so lastAnnounced is final.
    child.on('close', () => {
      if (signal !== 'SIGKILL') reject(new Error(`writer ended without being killed: ${stderr}`));
      else resolve({ lastAnnounced });
    });
  });
}

/** Either the write in flight when the kill landed completed, or the one before it stands; the .bak likewise. */
function expectIntact(target: string, text: string, bakText: string, lastAnnounced: number): void {
  const now = generationOf(text);
  expect([lastAnnounced - 1, lastAnnounced], target).toContain(now);
  // The version before the current one, or the same one if the kill landed between the backup and the rename.
  expect([now - 1, now], `${target}.bak`).toContain(generationOf(bakText));
}

/**
 * Starts the writer and stops it (SIGSTOP) the moment one of its temp files appears; if the temp
 * is still there while it is stopped, the writer is inside a write and gets SIGKILL, otherwise it
 * continues (SIGCONT) to the next. So the kill provably lands mid-write, without timing luck.
 */
function killInsideWrite(target: string): Promise<{ lastAnnounced: number; temp: string }> {
  const base = path.basename(target);
  const isTemp = (name: string) => name.startsWith(`${base}.`) && /^\.(bak\.)?\d+$/.test(name.slice(base.length));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, target, '200'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let lastAnnounced = 0;
    let killed: string | undefined;
    child.stdout.on('data', (d: Buffer) => {
      for (const m of d.toString().matchAll(/writing (\d+)/g)) lastAnnounced = Number(m[1]);
    });
    const watcher = watch(path.dirname(target), (_event, name) => {
      if (killed || !name || !isTemp(name) || lastAnnounced < 2) return;
      child.kill('SIGSTOP');
      const temp = path.join(path.dirname(target), name);
      if (existsSync(temp)) {
        killed = temp;
        child.kill('SIGKILL');
      } else child.kill('SIGCONT');
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      watcher.close();
      if (signal === 'SIGKILL' && killed) resolve({ lastAnnounced, temp: killed });
      else reject(new Error(`the writer finished ${lastAnnounced} writes without being caught inside one`));
    });
  });
}

function generationOf(text: string): number {
  const parsed = parseConfigText(text);
  expect(parsed.ok).toBe(true);
  return (JSON.parse(text) as { generation: number }).generation;
}

describe('writeFileAtomic', () => {
  it('creates the file, then keeps the previous version as .bak', async () => {
    await writeFileAtomic(file, '{"v": 1}');
    expect(await readFile(file, 'utf8')).toBe('{"v": 1}');
    await expect(stat(`${file}.bak`)).rejects.toThrow();
    await writeFileAtomic(file, '{"v": 2}');
    expect(await readFile(file, 'utf8')).toBe('{"v": 2}');
    expect(await readFile(`${file}.bak`, 'utf8')).toBe('{"v": 1}');
    // No temp files are left behind after successful writes.
    expect((await readdir(dir)).sort()).toEqual(['config.json', 'config.json.bak']);
  });

  it('keeps the mode of an existing file and makes new files private', async () => {
    await writeFileAtomic(file, 'a');
    expect((await stat(file)).mode & 0o077).toBe(0);
    await writeFile(path.join(dir, 'shared.json'), 'x', { mode: 0o644 });
    await writeFileAtomic(path.join(dir, 'shared.json'), 'y');
    expect((await stat(path.join(dir, 'shared.json'))).mode & 0o777).toBe(0o644);
  });

  it('creates a missing folder and removes temp files left by killed writers only', async () => {
    const nested = path.join(dir, 'a', 'b', 'config.json');
    await writeFileAtomic(nested, '{}');
    expect(await readFile(nested, 'utf8')).toBe('{}');
    // write-file-atomic names its temps <file>.<number>; an old one is a killed writer's, a fresh
    // one may belong to a writer in another process right now.
    const stale = path.join(dir, 'config.json.123456789');
    const staleBak = path.join(dir, 'config.json.bak.42');
    const fresh = path.join(dir, 'config.json.987654321');
    const unrelated = path.join(dir, 'other.json.123');
    for (const f of [stale, staleBak, fresh, unrelated]) await writeFile(f, 'partial');
    const old = new Date(Date.now() - STALE_TEMP_MS - 60_000);
    for (const f of [stale, staleBak, unrelated]) await utimes(f, old, old);
    await writeFileAtomic(file, '{"v": 1}');
    const names = await readdir(dir);
    expect(names).not.toContain(path.basename(stale));
    expect(names).not.toContain(path.basename(staleBak));
    expect(names).toContain(path.basename(fresh));
    expect(names).toContain(path.basename(unrelated));
  });

  it('makes a private save owner-only, its .bak too, whatever the old mode', async () => {
    await writeFile(file, 'old', { mode: 0o644 });
    await chmod(file, 0o644);
    await writeFileAtomic(file, 'new', { private: true });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(`${file}.bak`)).mode & 0o777).toBe(0o600);
    expect(await readFile(`${file}.bak`, 'utf8')).toBe('old');
  });

  it('throws on a failed write and leaves the target and no temp file behind', async () => {
    // A non-empty folder where the file should be: the final rename fails.
    const blocked = path.join(dir, 'blocked.json');
    await mkdir(blocked);
    await writeFile(path.join(blocked, 'keep'), 'x');
    await expect(writeFileAtomic(blocked, '{}', { backup: false })).rejects.toThrow(/EISDIR|ENOTEMPTY|EEXIST|EPERM/);
    expect((await readdir(dir)).sort()).toEqual(['blocked.json']);
    expect(await readdir(blocked)).toEqual(['keep']);
  });

  it('leaves a complete, parseable config when the writer is SIGKILLed mid-loop', async () => {
    for (const killAt of [2, 3, 4, 5]) {
      const target = path.join(dir, `config-${killAt}.json`);
      await writeFile(target, bigConfig(0));
      const { lastAnnounced } = await runAndKill(target, killAt);
      expect(lastAnnounced).toBeGreaterThanOrEqual(killAt);
      expectIntact(target, await readFile(target, 'utf8'), await readFile(`${target}.bak`, 'utf8'), lastAnnounced);
    }
  }, 60_000);

  it('leaves the old file, its .bak and nothing worse when the writer is SIGKILLed inside a write', async () => {
    const target = path.join(dir, 'config-inside.json');
    await writeFile(target, bigConfig(0));
    const { lastAnnounced, temp } = await killInsideWrite(target);
    // The temp file the kill interrupted is still there: the kill landed inside a write.
    expect(existsSync(temp)).toBe(true);
    expectIntact(target, await readFile(target, 'utf8'), await readFile(`${target}.bak`, 'utf8'), lastAnnounced);
    // The next write succeeds beside the leftover (which the sweep removes once it is old).
    await writeFileAtomic(target, '{"servers": {}}');
    expect(await readFile(target, 'utf8')).toBe('{"servers": {}}');
  }, 60_000);
});
