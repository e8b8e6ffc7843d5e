// Redaction on every outbound path, through a real serve: a child given a secret (from the
// environment, via ${VAR} in its entry) puts it in a progress message, a log's logger and
// base64 data, a sampling prompt and a URL-encoded elicitation message. The client sees none
// of those forms, only [redacted].
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, startServe, tempDir, type ServeHandle } from '../helpers/serve-process.js';
import { connectClient } from '../helpers/connect-client.js';

const SECRET = 'Sup3r/Secret+Value=42&x';
const handles: ServeHandle[] = [];
const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(handles.splice(0).map((h) => h.stop()));
});

describe('redaction on every outbound path', () => {
  it('masks a known secret in progress, log logger and data, sampling and elicitation requests', async () => {
    const chatty = {
      command: process.execPath,
      args: ['--import', 'tsx', path.join(ROOT, 'test', 'fixtures', 'servers', 'chatty.ts')],
      cwd: ROOT,
      env: { CHATTY_SECRET: '${LEAK_TEST_TOKEN}' },
    };
    const h = await startServe(
      { servers: { chatty }, orchestrator: { port: 8000 } },
      { dir: await tempDir(), ui: false, env: { LEAK_TEST_TOKEN: SECRET } },
    );
    handles.push(h);
    const seen: string[] = [];
    const client = await connectClient(h.url, h.token, {
      name: 'ide',
      capabilities: { sampling: {}, elicitation: {} },
      setup: (c) => {
        c.setRequestHandler('sampling/createMessage', (req) => {
          seen.push(JSON.stringify(req.params));
          return { role: 'assistant', content: { type: 'text', text: 'ok' }, model: 'm' };
        });
        c.setRequestHandler('elicitation/create', (req) => {
          seen.push(JSON.stringify(req.params));
          return { action: 'decline' };
        });
        c.setNotificationHandler('notifications/message', (n) => void seen.push(JSON.stringify(n.params)));
      },
    });
    clients.push(client);
    await client.setLoggingLevel('debug');
    const result = await client.callTool(
      { name: 'chatty__leak', arguments: {} },
      {
        onprogress: (p) => void seen.push(JSON.stringify(p)),
      },
    );
    expect(JSON.stringify(result)).toContain('sampled by m, elicitation decline');
    // progress, log, sampling, elicitation
    expect(seen).toHaveLength(4);
    const all = seen.join('\n');
    for (const form of [SECRET, Buffer.from(`user:${SECRET}`).toString('base64'), encodeURIComponent(SECRET), SECRET.slice(0, 12)]) {
      expect(all).not.toContain(form);
    }
    expect(all.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(5);
  }, 30_000);
});
