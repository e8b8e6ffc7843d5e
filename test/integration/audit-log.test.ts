// The audit log through a real `serve`: calls by the admin token and by client tokens, as JSON and
// as SSE replies, each land in <data>/audit.jsonl with the caller's name, the profile, a hash of the arguments
// (never their values) and the outcome; `mcp-orchestrator audit` reads them back without the orchestrator.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientTokenInfo } from '../../shared/types.js';
import { argDigest, AUDIT_FILE, type AuditEntry } from '../../electron/core/metrics/audit-log.js';
import { control, referenceServers, runCli, startServe, tempDir, waitFor, type ServeHandle } from '../helpers/serve-process.js';
import { connectClient } from '../helpers/connect-client.js';

const ADMIN_ARG = 'admin-raw-argument-7f3a';
const CURSOR_ARG = 'cursor-raw-argument-91bc';
const PROFILE_ARG = 'profile-raw-argument-c2d4';

async function connect(h: ServeHandle, urlPath: string, token: string): Promise<Client> {
  return connectClient(h.base + urlPath, token, { name: 'ide' });
}

async function addClient(h: ServeHandle, name: string, profile: string | null): Promise<string> {
  const added = await control<{ token: string; client: ClientTokenInfo }>(h, 'addClient', name, profile);
  expect(added.ok).toBe(true);
  return added.value!.token;
}

async function auditJson(h: ServeHandle, ...args: string[]): Promise<AuditEntry[]> {
  const r = await runCli(['audit', '--json', ...args], h.env);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as AuditEntry);
}

describe('the audit log', () => {
  let h: ServeHandle;

  beforeAll(async () => {
    const dir = await tempDir();
    h = await startServe({ servers: referenceServers(dir), profiles: { tools: { servers: ['everything'] } } }, { dir, ui: false });
    const admin = await connect(h, '/mcp', h.token);
    const cursor = await connect(h, '/mcp', await addClient(h, 'cursor', null));
    const notebook = await connect(h, '/mcp/tools', await addClient(h, 'notebook', 'tools'));
    // Plain params: a JSON reply.
    expect((await admin.callTool({ name: 'everything__echo', arguments: { message: ADMIN_ARG } })).isError).toBeFalsy();
    // Asking for progress puts a _meta in the request: the SDK path answers.
    const viaSdk = await cursor.callTool({ name: 'everything__echo', arguments: { message: CURSOR_ARG } }, { onprogress: () => undefined });
    expect(viaSdk.isError).toBeFalsy();
    // Refused before any server sees them (an unknown tool; one outside the profile): not recorded.
    await expect(admin.callTool({ name: 'everything__no_such_tool', arguments: {} })).rejects.toThrow();
    await expect(notebook.callTool({ name: 'memory__read_graph', arguments: {} })).rejects.toThrow();
    // A wrong argument type: the server refuses it, a failed call. Recorded last, so once its line is on disk
    // (lines are written in order) a line for the refused calls would be too.
    const failed = await notebook
      .callTool({ name: 'everything__echo', arguments: { message: 42, note: PROFILE_ARG } })
      .then((r) => r.isError === true)
      .catch(() => true);
    expect(failed).toBe(true);
    await Promise.all([admin.close(), cursor.close(), notebook.close()]);
    // The lines are written off the calls' path: wait until all three are on disk.
    await waitFor(async () => (await auditJson(h)).length >= 3, 'three audit lines');
  }, 90_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('records each call with its client, profile, server, tool, argument hash, outcome and latency', async () => {
    const lines = await auditJson(h);
    expect(lines).toHaveLength(3);
    const [admin, cursor, notebook] = lines;
    expect(admin).toMatchObject({
      client: 'admin',
      profile: null,
      server: 'everything',
      tool: 'echo',
      publicName: 'everything__echo',
      outcome: 'ok',
      ...argDigest({ message: ADMIN_ARG }),
    });
    expect(cursor).toMatchObject({ client: 'cursor', profile: null, tool: 'echo', outcome: 'ok', ...argDigest({ message: CURSOR_ARG }) });
    expect(notebook).toMatchObject({ client: 'notebook', profile: 'tools', tool: 'echo', outcome: 'error' });
    expect(notebook.argSha256).toBe(argDigest({ note: PROFILE_ARG, message: 42 }).argSha256);
    for (const l of lines) {
      expect(Number.isNaN(Date.parse(l.time))).toBe(false);
      expect(l.latencyMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('never writes an argument value, and the file is private (0600)', async () => {
    const file = path.join(h.dir, AUDIT_FILE);
    const raw = await readFile(file, 'utf8');
    for (const value of [ADMIN_ARG, CURSOR_ARG, PROFILE_ARG]) expect(raw).not.toContain(value);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('filters by client, server and time, and prints one human line per call', async () => {
    expect((await auditJson(h, '--client', 'cursor')).map((l) => l.client)).toEqual(['cursor']);
    expect(await auditJson(h, '--server', 'memory')).toEqual([]);
    expect(await auditJson(h, '--since', '1h')).toHaveLength(3);
    expect(await auditJson(h, '--since', new Date(Date.now() + 60_000).toISOString())).toEqual([]);
    const human = await runCli(['audit', '--client', 'notebook'], h.env);
    expect(human.code).toBe(0);
    expect(human.stdout.trim()).toMatch(/^\S+Z notebook \(tools\) everything\/echo error \d+ ms$/);
  });
});
