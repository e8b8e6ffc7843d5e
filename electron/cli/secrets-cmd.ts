// `secrets set|list|delete`: values are read from stdin or a hidden prompt, never argv,
// so they stay out of shell history and `ps`. While an orchestrator runs, set and delete go through
// it (its control API, as the Servers panel does): it stores the key in its keychain and starts the
// servers that waited for it. Otherwise the keychain is written directly.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { isReservedName } from '../../shared/env-names.js';
import { assertUserSecretName } from '../core/secrets/secret-names.js';
import { silentLogger } from '../core/env.js';
import { createSecretStore } from '../core/secrets/secret-store.js';
import { AppError, ErrorCode } from '../../shared/errors.js';
import type { OrchestratorStatus } from '../../shared/types.js';
import { keychainService, orchestrator, type Io } from './context.js';
import { controlCall, type Orchestrator } from './control-client.js';
import { EXIT, usage } from './exit-codes.js';
import type { Flags } from './flags.js';
import { print } from './output.js';

/** The running orchestrator and its status, or null when none answers. */
async function running(flags: Flags, io: Io): Promise<{ o: Orchestrator; status: OrchestratorStatus } | null> {
  try {
    const o = await orchestrator(flags, io);
    return { o, status: await controlCall<OrchestratorStatus>(o, 'getStatus') };
  } catch (err) {
    if (err instanceof AppError && err.code === ErrorCode.UNREACHABLE) return null;
    throw err;
  }
}

/** Stores through the orchestrator and reports what started: the servers that were missing only this key. */
async function setThrough(live: { o: Orchestrator; status: OrchestratorStatus }, name: string, value: string, flags: Flags, io: Io) {
  const waiting = live.status.servers.filter((s) => s.missingEnv.includes(name)).map((s) => s.id);
  await controlCall<null>(live.o, 'setSecret', [name, value]);
  const after = await controlCall<OrchestratorStatus>(live.o, 'getStatus');
  const servers = after.servers.filter((s) => waiting.includes(s.id)).map((s) => ({ id: s.id, state: s.state, missingEnv: s.missingEnv }));
  print(io, flags, { stored: name, via: live.o.url, servers }, () => [
    `stored ${name} in the OS keychain (through the orchestrator at ${live.o.url})`,
    ...servers.map((s) => `  ${s.id}: ${s.state}${s.missingEnv.length ? ` (still missing ${s.missingEnv.join(', ')})` : ''}`),
  ]);
  return EXIT.OK;
}

export async function readHidden(io: Io, prompt: string): Promise<string> {
  if (!io.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of io.stdin) chunks.push(Buffer.from(c as Buffer));
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  process.stderr.write(prompt);
  const muted = new Writable({ write: (_c, _e, cb) => cb() });
  const rl = createInterface({ input: io.stdin, output: muted, terminal: true });
  const value = await new Promise<string>((resolve) => rl.once('line', resolve));
  rl.close();
  process.stderr.write('\n');
  return value;
}

export async function secretsCommand(rest: string[], flags: Flags, io: Io): Promise<number> {
  const [sub, name] = rest;
  if (!['set', 'list', 'delete'].includes(sub ?? '') || (sub !== 'list' && !name))
    throw usage('usage: secrets set NAME | list | delete NAME');
  // Before touching the keychain, so the refusal is the same with or without one.
  if ((sub === 'set' || sub === 'delete') && name) assertUserSecretName(name);
  if (sub === 'set' || sub === 'delete') {
    const live = await running(flags, io);
    if (live && sub === 'set') {
      const value = await readHidden(io, `Value for ${name}: `);
      if (!value) throw usage('empty value; nothing stored');
      return setThrough(live, name, value, flags, io);
    }
    if (live) {
      await controlCall<null>(live.o, 'deleteSecret', [name]);
      print(io, flags, { deleted: name, via: live.o.url }, () => `deleted ${name} (through the orchestrator at ${live.o.url})`);
      return EXIT.OK;
    }
  }
  const store = await createSecretStore({ service: keychainService(io.env), logger: silentLogger });
  if (store.kind === 'unavailable' && sub !== 'list') {
    io.err(
      "error: no OS keychain is reachable, so secrets cannot be stored. Set the variable in the environment of `serve` instead (on Linux, install and unlock gnome-keyring or KeePassXC's Secret Service).",
    );
    return EXIT.FAILED;
  }
  if (sub === 'list') {
    const names = (await store.list()).filter((n) => !isReservedName(n));
    print(io, flags, names, () => names.join('\n') || '(no secrets stored)');
    return EXIT.OK;
  }
  if (sub === 'set') {
    const value = await readHidden(io, `Value for ${name}: `);
    if (!value) throw usage('empty value; nothing stored');
    await store.set(name, value);
    print(
      io,
      flags,
      { stored: name },
      () => `stored ${name} in the OS keychain (no orchestrator is running; it reads the key when it starts)`,
    );
    return EXIT.OK;
  }
  const deleted = await store.delete(name);
  print(io, flags, { deleted: deleted ? name : null }, () => (deleted ? `deleted ${name}` : `${name} was not stored`));
  return EXIT.OK;
}
