// `secrets set|list|delete`: values are read from stdin or a hidden prompt, never argv,
// so they stay out of shell history and `ps`.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { isReservedName } from '../../shared/env-names.js';
import { assertUserSecretName } from '../core/secrets/secret-names.js';
import { silentLogger } from '../core/env.js';
import { createSecretStore } from '../core/secrets/secret-store.js';
import { keychainService, type Io } from './context.js';
import type { Flags } from './flags.js';

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

export async function secretsCommand(rest: string[], _flags: Flags, io: Io): Promise<number> {
  const [sub, name] = rest;
  // Before touching the keychain, so the refusal is the same with or without one.
  if ((sub === 'set' || sub === 'delete') && name) assertUserSecretName(name);
  const store = await createSecretStore({ service: keychainService(io.env), logger: silentLogger });
  if (store.kind === 'unavailable' && sub !== 'list') {
    io.err(
      "error: no OS keychain is reachable, so secrets cannot be stored. Set the variable in the environment of `serve` instead (on Linux, install and unlock gnome-keyring or KeePassXC's Secret Service).",
    );
    return 1;
  }
  if (sub === 'list') {
    const names = await store.list();
    io.out(names.filter((n) => !isReservedName(n)).join('\n') || '(no secrets stored)');
    return 0;
  }
  if (!name) throw new Error('usage: secrets set NAME | list | delete NAME');
  if (sub === 'set') {
    const value = await readHidden(io, `Value for ${name}: `);
    if (!value) throw new Error('empty value; nothing stored');
    await store.set(name, value);
    io.out(`stored ${name} in the OS keychain`);
    return 0;
  }
  if (sub === 'delete') {
    io.out((await store.delete(name)) ? `deleted ${name}` : `${name} was not stored`);
    return 0;
  }
  throw new Error('usage: secrets set NAME | list | delete NAME');
}
