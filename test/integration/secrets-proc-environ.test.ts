// No secret in any ancestor's /proc/PID/environ (Linux). Keys exported to `serve` alone, run as
// `node bin/mcp-orchestrator.mjs serve` (no npm wrapper): a child with default settings reads the
// environment of its parent and every ancestor up to PID 1 and finds no key's value, while serve
// itself still hands a key to the child whose config asks for it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { OrchestratorStatus } from '../../shared/types.js';
import { treeOf } from '../helpers/proc.js';
import { control, ROOT, startServe, tempDir, type ServeHandle } from '../helpers/serve-process.js';

const READER = {
  command: process.execPath,
  args: ['--import', 'tsx', path.join(ROOT, 'test', 'fixtures', 'servers', 'environ-reader.ts')],
  cwd: ROOT,
};
const KEYS = { OPENAI_API_KEY: 'sk-proc-environ-test-0123456789abcdef', GITHUB_TOKEN: 'ghp_procEnvironTest0123456789abcdefABCD' };
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

const running: ServeHandle[] = [];
const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(running.splice(0).map((h) => h.stop()));
});

async function text(client: Client, name: string, args: Record<string, unknown> = {}): Promise<string> {
  const r = await client.callTool({ name, arguments: args });
  expect(r.isError).toBeFalsy();
  return (r.content as { text: string }[])[0].text;
}

describe('secrets and /proc/PID/environ', () => {
  it.runIf(process.platform === 'linux')(
    "no ancestor's environ holds a key exported to serve; serve still uses the key",
    async () => {
      const servers = { reader: READER, user: { ...READER, env: { GIVEN: '${GITHUB_TOKEN}' } } };
      const h = await startServe({ servers }, { dir: await tempDir(), ui: false, env: KEYS });
      running.push(h);
      const client = new Client({ name: 'environ-test', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(h.url), { requestInit: { headers: { Authorization: `Bearer ${h.token}` } } }),
      );
      clients.push(client);

      const ancestors = JSON.parse(await text(client, 'reader__ancestors')) as { pid: number; vars: Record<string, string> | null }[];
      // The walk started at serve and went all the way up.
      expect(ancestors[0].pid).toBe(h.child.pid);
      expect(ancestors.at(-1)!.pid).toBe(1);
      const serveVars = ancestors[0].vars!;
      // It read serve's real block: the names are all there and a harmless value is intact.
      expect(serveVars.PATH).toBe(sha(h.env.PATH));
      expect(Object.keys(serveVars)).toEqual(expect.arrayContaining(Object.keys(KEYS)));
      const secretHashes = Object.values(KEYS).map(sha);
      for (const a of ancestors) for (const hash of Object.values(a.vars ?? {})) expect(secretHashes).not.toContain(hash);

      // serve's own copy still works: the child that names ${GITHUB_TOKEN} got it.
      expect(await text(client, 'user__own', { name: 'GIVEN' })).toBe(sha(KEYS.GITHUB_TOKEN));

      // Nor does any other process of serve's tree (the watchdog, the reader) hold a key, raw or in part.
      const status = (await control<OrchestratorStatus>(h, 'getStatus')).value!;
      const userPid = status.servers.find((s) => s.id === 'user')!.pid!;
      // The user server (and anything it runs, e.g. a loader's child) holds GIVEN on purpose: it was given the key.
      const given = new Set(treeOf(userPid));
      const tree = treeOf(h.child.pid!).filter((p) => !given.has(p));
      expect(tree.length).toBeGreaterThanOrEqual(3); // serve, the watchdog, the reader
      for (const pid of tree) {
        const environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
        for (const key of Object.values(KEYS)) expect(environ).not.toContain(key.slice(0, 12));
      }
      // The watchdog shell starts with PATH alone.
      const watchdog = tree.filter((p) => readFileSync(`/proc/${p}/cmdline`, 'latin1').startsWith('/bin/sh\0-c\0'));
      expect(watchdog).toHaveLength(1);
      expect(readFileSync(`/proc/${watchdog[0]}/environ`, 'latin1')).toBe(`PATH=${h.env.PATH}\0`);
    },
    60_000,
  );
});
