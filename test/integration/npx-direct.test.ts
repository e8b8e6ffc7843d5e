// An `npx -y <pkg>` server whose package is installed runs as `node <its bin>`: no npm wrapper
// process stays alive beside it. Here the package is in this project's node_modules, which is
// where npx itself would find it when serve runs from the project.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OrchestratorStatus } from '../../shared/types.js';
import { control, ROOT, startServe, waitFor, type ServeHandle } from '../helpers/serve-process.js';

describe.runIf(process.platform === 'linux')('npx servers without the npm wrapper', () => {
  let h: ServeHandle | undefined;
  afterAll(async () => void (await h?.stop()));

  it('starts the installed bin directly with the same Node, and says so in the log', async () => {
    h = await startServe(
      {
        servers: {
          memory: {
            command: 'npx',
            args: ['-y', '@modelcontextprotocol/server-memory'],
            env: { MEMORY_FILE_PATH: path.join(ROOT, 'test-results', `npx-direct-${process.pid}.jsonl`) },
          },
        },
        orchestrator: { port: 0 },
      },
      { ui: false, cwd: ROOT },
    );
    const s = await waitFor(
      async () => {
        const st = (await control<OrchestratorStatus>(h!, 'getStatus')).value?.servers[0];
        return st?.state === 'running' ? st : undefined;
      },
      'memory running',
      60_000,
      100,
    );
    const argv = readFileSync(`/proc/${s?.pid}/cmdline`, 'utf8').split('\0');
    expect(argv[0]).toBe(process.execPath);
    expect(argv[1]).toContain(path.join('node_modules', '@modelcontextprotocol', 'server-memory'));
    // Its parent is serve itself: no `npm exec` in between.
    const ppid = Number(readFileSync(`/proc/${s?.pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
    expect(ppid).toBe(h.child.pid);
    const logs = await control<Array<{ text: string }>>(h, 'getLogs', 'memory');
    expect(JSON.stringify(logs.value ?? logs)).toContain('run directly');
  }, 90_000);
});
