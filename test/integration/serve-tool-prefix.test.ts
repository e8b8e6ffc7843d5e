// tool_prefix end to end through `serve`: "" keeps a child's own names; when two servers want the
// same name the later id gets `<id>__`, and both the log and that server's status say so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrchestratorStatus, ToolInfo } from '../../shared/types.js';
import { control, MEMORY_SERVER, startServe, tempDir, waitFor, type ServeHandle } from '../helpers/serve-process.js';

describe('serve with tool_prefix', () => {
  let h: ServeHandle;

  beforeAll(async () => {
    const dir = await tempDir();
    const memory = (name: string) => ({
      command: process.execPath,
      args: [MEMORY_SERVER],
      env: { MEMORY_FILE_PATH: `${dir}/${name}.jsonl` },
      tool_prefix: '',
    });
    h = await startServe(
      { servers: { 'mem-b': memory('b'), 'mem-a': memory('a'), kg: { ...memory('kg'), tool_prefix: 'kg_' } } },
      { dir, ui: false },
    );
    await waitFor(
      async () => {
        const s = await control<OrchestratorStatus>(h, 'getStatus');
        return s.value?.servers.every((x) => x.state === 'running');
      },
      'all servers running',
      30_000,
    );
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('publishes original names, the clash under the later id, and a custom prefix', async () => {
    const tools = await control<ToolInfo[]>(h, 'listTools');
    const names = tools.value!.map((t) => t.name);
    expect(names).toContain('read_graph');
    expect(names).toContain('mem-b__read_graph');
    expect(names).toContain('kg_read_graph');
    expect(tools.value!.find((t) => t.name === 'read_graph')?.serverId).toBe('mem-a');
    const status = await control<OrchestratorStatus>(h, 'getStatus');
    const byId = new Map(status.value!.servers.map((s) => [s.id, s]));
    expect(byId.get('mem-b')?.nameCollisions).toContain('tool "read_graph" is published as "mem-b__read_graph": mem-a has that name');
    expect(byId.get('mem-a')?.nameCollisions).toBeUndefined();
    await waitFor(
      () => /name collision: "read_graph" of mem-b is published as "mem-b__read_graph"/.test(h.stdout() + h.stderr()),
      'the collision in the log',
    );
  });
});
