// Profile warnings at start-up: a profile naming a child that is still starting must not be
// logged as "matches no tool"; a real typo still is, once the children's first start settled.
// Real SDK clients and in-process servers; the registry reads tools through a real Aggregator.
import type { McpServer } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Logger } from '../../../../electron/core/env.js';
import { Aggregator } from '../../../../electron/core/gateway/aggregator.js';
import { ProfileRegistry } from '../../../../electron/core/profiles/profile-registry.js';
import { connectInProcess, RecordingRecorder, TestUpstreams, type InProcess } from '../../../integration/gateway-helpers.js';
import { testProfile } from '../../../helpers/test-settings.js';

const opened: InProcess[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const none = () => undefined;
  return { warnings, debug: none, info: none, error: none, warn: (msg) => warnings.push(msg) };
}

const withEcho = (s: McpServer) => {
  s.registerTool('echo', { inputSchema: z.object({ text: z.string() }) }, async ({ text }) => ({ content: [{ type: 'text', text }] }));
};

const profile = testProfile;

async function setup() {
  const source = new TestUpstreams();
  const logger = recordingLogger();
  const registry = new ProfileRegistry(new Aggregator(source, { recorder: new RecordingRecorder() }), logger);
  registry.set([profile('mem', { servers: ['memory'] }), profile('typo', { tools: ['memroy__*'] })]);
  return { source, logger, registry };
}

async function childComesUp(source: TestUpstreams, id: string) {
  const conn = await connectInProcess(id, withEcho);
  opened.push(conn);
  source.add(conn.upstream);
}

describe('ProfileRegistry warnings at start-up', () => {
  it('logs nothing while the children start, then only what is still wrong once they have', async () => {
    const { source, logger, registry } = await setup();
    let settle!: () => void;
    const started = new Promise<void>((r) => (settle = r));
    const released = registry.holdWarningsUntil(started, () => 'http://127.0.0.1:1');

    // Applied before the children are listed: both profiles match nothing yet.
    const early = await registry.refresh('http://127.0.0.1:1');
    expect(early.find((s) => s.name === 'mem')!.warnings).toEqual(['profiles.mem: matches no tool']);
    expect(logger.warnings).toEqual([]);

    await childComesUp(source, 'memory');
    settle();
    await released;
    expect(registry.cached().find((s) => s.name === 'mem')).toMatchObject({ tools: 1, warnings: [] });
    expect(logger.warnings).toEqual([
      'profile: profiles.typo.tools[0]: "memroy__*" matches no tool',
      'profile: profiles.typo: matches no tool',
    ]);

    // Logged once: later refreshes with the same problems stay quiet.
    await registry.refresh('http://127.0.0.1:1');
    expect(logger.warnings).toHaveLength(2);
  });

  it('warns about a profile whose server did not come up once the start has settled', async () => {
    const { logger, registry } = await setup();
    await registry.holdWarningsUntil(Promise.resolve(), () => '');
    expect(logger.warnings).toContain('profile: profiles.mem: matches no tool');
  });

  it('stays quiet when its owner stopped before the children settled', async () => {
    const { logger, registry } = await setup();
    await registry.holdWarningsUntil(
      Promise.reject(new Error('stopped')),
      () => '',
      () => false,
    );
    expect(logger.warnings).toEqual([]);
  });
});
