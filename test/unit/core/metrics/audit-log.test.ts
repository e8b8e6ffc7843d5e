import { createHash } from 'node:crypto';
import { chmod, mkdtemp, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../electron/core/env.js';
import {
  AUDIT_BATCH_MS,
  AUDIT_FILE,
  AuditLog,
  argDigest,
  canonicalJson,
  type AuditedCall,
} from '../../../../electron/core/metrics/audit-log.js';
import { Redactor } from '../../../../electron/core/secrets/redact.js';
import { TestClock } from '../../../helpers/test-clock.js';

const SECRET = 'hunter2-very-secret-value';
const START = Date.UTC(2026, 0, 2, 3, 4, 5);

function call(over: Partial<AuditedCall> = {}): AuditedCall {
  return {
    caller: { client: 'cursor', profile: 'coding' },
    server: 'files',
    tool: 'read',
    publicName: 'files__read',
    args: { path: '/home/me/private-notes.txt' },
    outcome: 'ok',
    latencyMs: 12.4,
    ...over,
  };
}

describe('AuditLog', () => {
  let dir: string;
  let now: number;
  let log: AuditLog;
  let maxBytes: number;
  const redactor = new Redactor();
  redactor.add(SECRET);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'audit-'));
    now = START;
    maxBytes = 10 * 1024 * 1024;
    log = new AuditLog({
      dataDir: dir,
      clock: { now: () => now },
      logger: silentLogger,
      redact: (t) => redactor.redact(t),
      maxBytes: () => maxBytes,
    });
  });
  afterEach(async () => {
    await log.close();
    await rm(dir, { recursive: true, force: true });
  });

  const lines = async (name = AUDIT_FILE) =>
    (await readFile(join(dir, name), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it('writes one line per call with the clock time, the caller and a hash of the arguments, never their values, in a 0600 file', async () => {
    log.record(call());
    now += 1000;
    log.record(call({ caller: { client: 'admin', profile: null }, outcome: 'cancelled', args: {} }));
    await log.flush();
    const [first, second] = await lines();
    expect(first).toEqual({
      time: '2026-01-02T03:04:05.000Z',
      client: 'cursor',
      profile: 'coding',
      server: 'files',
      tool: 'read',
      publicName: 'files__read',
      argBytes: Buffer.byteLength(JSON.stringify({ path: '/home/me/private-notes.txt' })),
      argSha256: argDigest({ path: '/home/me/private-notes.txt' }).argSha256,
      outcome: 'ok',
      latencyMs: 12,
    });
    expect(second).toMatchObject({ time: '2026-01-02T03:04:06.000Z', client: 'admin', profile: null, outcome: 'cancelled' });
    const raw = await readFile(join(dir, AUDIT_FILE), 'utf8');
    expect(raw).not.toContain('private-notes');
    if (process.platform !== 'win32') expect((await stat(join(dir, AUDIT_FILE))).mode & 0o777).toBe(0o600);
  });

  it('hashes the canonical JSON: the same arguments in another key order hash the same', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
    expect(argDigest({ a: 1, b: 2 })).toEqual(argDigest({ b: 2, a: 1 }));
    expect(argDigest({ a: 1 }).argSha256).not.toBe(argDigest({ a: 2 }).argSha256);
    // The digest is plain SHA-256 of that text, in hex: anyone can check a line against the arguments they sent.
    const text = '{"a":1,"b":"é"}';
    expect(argDigest({ b: 'é', a: 1 })).toEqual({
      argBytes: Buffer.byteLength(text),
      argSha256: createHash('sha256').update(text).digest('hex'),
    });
  });

  it("redacts a secret in an error's message", async () => {
    log.record(call({ outcome: 'error', error: new Error(`upstream said: bad key ${SECRET} and sk-abcdefghijklmnop`) }));
    await log.flush();
    const raw = await readFile(join(dir, AUDIT_FILE), 'utf8');
    expect(raw).not.toContain(SECRET);
    expect(raw).not.toContain('sk-abcdefghijklmnop');
    expect((await lines())[0]).toMatchObject({ outcome: 'error', error: expect.stringContaining('[redacted]') as unknown });
  });

  it('rotates at the cap and keeps three generations, newest in .1', async () => {
    // The cap holds three lines and not four: one line's size measured, then the file removed.
    log.record(call({ latencyMs: 0 }));
    await log.flush();
    const lineBytes = (await stat(join(dir, AUDIT_FILE))).size;
    await rm(join(dir, AUDIT_FILE));
    maxBytes = Math.floor(lineBytes * 3.5);
    // Ten rounds of three calls, each round flushed: a line records its round in latencyMs.
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 3; i++) log.record(call({ latencyMs: round }));
      await log.flush();
    }
    const files = (await readdir(dir)).sort();
    expect(files).toEqual([AUDIT_FILE, `${AUDIT_FILE}.1`, `${AUDIT_FILE}.2`, `${AUDIT_FILE}.3`]);
    for (const f of files) expect((await stat(join(dir, f))).size).toBeLessThanOrEqual(maxBytes);
    const rounds = async (f: string) => [...new Set((await lines(f)).map((l) => l.latencyMs))];
    expect(await rounds(AUDIT_FILE)).toEqual([9]);
    expect(await rounds(`${AUDIT_FILE}.1`)).toEqual([8]);
    expect(await rounds(`${AUDIT_FILE}.2`)).toEqual([7]);
    expect(await rounds(`${AUDIT_FILE}.3`)).toEqual([6]);
  });

  it('does not make the call wait: record returns before anything is on disk', async () => {
    log.record(call());
    await expect(stat(join(dir, AUDIT_FILE))).rejects.toThrow();
    await log.flush();
    expect((await lines()).length).toBe(1);
  });

  // The file stays open between batches (append-file.ts): each of these would lose lines into a file nobody sees
  // if the log kept writing to the handle it opened first.
  it('notices the file removed by hand and writes a new 0600 file, with only the later lines', async () => {
    log.record(call({ latencyMs: 1 }));
    await log.flush();
    await rm(join(dir, AUDIT_FILE));
    log.record(call({ latencyMs: 2 }));
    await log.flush();
    expect((await lines()).map((l) => l.latencyMs)).toEqual([2]);
    if (process.platform !== 'win32') expect((await stat(join(dir, AUDIT_FILE))).mode & 0o777).toBe(0o600);
  });

  it('notices the file moved away by another tool (logrotate) and writes to a new file at its path', async () => {
    log.record(call({ latencyMs: 1 }));
    await log.flush();
    await rename(join(dir, AUDIT_FILE), join(dir, 'elsewhere.jsonl'));
    log.record(call({ latencyMs: 2 }));
    await log.flush();
    expect((await lines()).map((l) => l.latencyMs)).toEqual([2]);
    expect((await lines('elsewhere.jsonl')).map((l) => l.latencyMs)).toEqual([1]);
  });

  it.skipIf(process.platform === 'win32')('tightens a file made looser by hand while the log has it open', async () => {
    log.record(call());
    await log.flush();
    await chmod(join(dir, AUDIT_FILE), 0o644);
    log.record(call());
    await log.flush();
    expect((await stat(join(dir, AUDIT_FILE))).mode & 0o777).toBe(0o600);
    expect(await lines()).toHaveLength(2);
  });

  it('rotates with the file open: after rotating, new lines go to the new file, none to .1', async () => {
    log.record(call({ latencyMs: 0 }));
    await log.flush();
    maxBytes = (await stat(join(dir, AUDIT_FILE))).size + 1;
    log.record(call({ latencyMs: 1 }));
    await log.flush();
    log.record(call({ latencyMs: 2 }));
    await log.flush();
    expect((await lines()).map((l) => l.latencyMs)).toEqual([2]);
    expect((await lines(`${AUDIT_FILE}.1`)).map((l) => l.latencyMs)).toEqual([1]);
    expect((await lines(`${AUDIT_FILE}.2`)).map((l) => l.latencyMs)).toEqual([0]);
  });

  it('hashes like sorting every object, for sorted, unsorted, nested, numeric-keyed and dated arguments', () => {
    // The general way canonicalJson's fast path must agree with.
    const slow = (v: unknown) =>
      JSON.stringify(v, (_k, x: unknown) =>
        x === null || typeof x !== 'object' || Array.isArray(x)
          ? x
          : Object.fromEntries(
              Object.keys(x)
                .sort()
                .map((k) => [k, (x as Record<string, unknown>)[k]]),
            ),
      );
    const samples: unknown[] = [
      { text: 'hello' },
      { a: 1, b: { c: [1, { e: 2, d: 3 }], a: null } },
      { b: 1, a: 2 },
      { 10: 'x', 2: 'y', a: 'z' },
      { a: undefined, b: 1 },
      { when: new Date(0), a: [] },
      [{ y: 1, x: 2 }, 'z'],
      'plain',
      null,
      {},
    ];
    for (const v of samples) expect(canonicalJson(v)).toBe(slow(v));
    const inherited = Object.create({ z: 1 }) as Record<string, unknown>;
    inherited.a = 1;
    expect(canonicalJson(inherited)).toBe(slow(inherited));
  });

  it('with timers, writes the lines of one batch window together, once the window ends (or at flush)', async () => {
    const clock = new TestClock(START);
    const written: unknown[] = [];
    let fiveWritten!: () => void;
    const landed = new Promise<void>((resolve) => (fiveWritten = resolve));
    const batched = new AuditLog({
      dataDir: dir,
      clock,
      timers: clock,
      logger: silentLogger,
      redact: (t) => t,
      maxBytes: () => maxBytes,
      onWritten: (e) => {
        if (written.push(e.latencyMs) === 5) fiveWritten();
      },
    });
    for (let i = 0; i < 5; i++) batched.record(call({ latencyMs: i }));
    expect(clock.pending()).toHaveLength(1);
    await clock.advance(AUDIT_BATCH_MS - 1);
    await expect(stat(join(dir, AUDIT_FILE))).rejects.toThrow();
    expect(written).toEqual([]);
    await clock.advance(1);
    await landed;
    expect((await lines()).map((l) => l.latencyMs)).toEqual([0, 1, 2, 3, 4]);
    // A line recorded later waits for its own window, unless flushed (shutdown).
    batched.record(call({ latencyMs: 5 }));
    expect(clock.pending()).toHaveLength(1);
    await batched.close();
    expect(clock.pending()).toHaveLength(0);
    expect((await lines()).map((l) => l.latencyMs)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
