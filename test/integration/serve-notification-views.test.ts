// Notifications follow the view: a real serve with two chatty children and a profile on one
// of them. A session on /mcp hears both children's log messages; a session on the profile
// hears only the child its profile includes.
import path from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, startServe, tempDir, waitFor, type ServeHandle } from '../helpers/serve-process.js';

const handles: ServeHandle[] = [];
const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(handles.splice(0).map((h) => h.stop()));
});

const chatty = {
  command: process.execPath,
  args: ['--import', 'tsx', path.join(ROOT, 'test', 'fixtures', 'servers', 'chatty.ts')],
  cwd: ROOT,
  env: { CHATTY_EVERY_MS: '20', CHATTY_LOG_BYTES: '16' },
};

/** A client on `path` that asked for every log level; `loggers` collects the logger of each message it hears. */
async function listener(h: ServeHandle, path: string): Promise<{ loggers: string[] }> {
  const client = new Client({ name: 'listener', version: '1.0.0' });
  const loggers: string[] = [];
  client.setNotificationHandler('notifications/message', (n) => void loggers.push(String(n.params.logger)));
  await client.connect(
    new StreamableHTTPClientTransport(new URL(h.url + path), { requestInit: { headers: { Authorization: `Bearer ${h.token}` } } }),
  );
  clients.push(client);
  await client.setLoggingLevel('debug');
  return { loggers };
}

describe('notifications follow the view', () => {
  it("a profile's session hears only the children of its profile", async () => {
    const dir = await tempDir();
    const h = await startServe(
      { servers: { alpha: chatty, beta: chatty }, orchestrator: { port: 8000 }, profiles: { only_alpha: { servers: ['alpha'] } } },
      { dir, ui: false },
    );
    handles.push(h);
    const full = await listener(h, '');
    const profile = await listener(h, '/only_alpha');
    // Both children are chattering: the full endpoint hears each of them...
    await waitFor(
      () => full.loggers.some((l) => l.startsWith('alpha/')) && full.loggers.some((l) => l.startsWith('beta/')),
      'the full endpoint to hear both children',
      15_000,
    );
    // ...and by the time the profile has heard plenty from alpha, beta has spoken too, yet not to it.
    const seenBeta = full.loggers.filter((l) => l.startsWith('beta/')).length;
    await waitFor(
      () => profile.loggers.length >= 30 && full.loggers.filter((l) => l.startsWith('beta/')).length > seenBeta + 10,
      'more chatter',
      15_000,
    );
    expect(profile.loggers.every((l) => l === 'alpha/chatter')).toBe(true);
  }, 40_000);
});
