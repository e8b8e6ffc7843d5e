// The conformance fixture (test/fixtures/conformance-server, SDK v2, both eras on one /mcp) as a real child
// process on 127.0.0.1, for tests that need a 2026-07-28 server: started on a free port, ready when it says so.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVER = path.join(ROOT, 'test/fixtures/conformance-server/server.mjs');

export interface ConformanceFixture {
  url: string;
  close(): Promise<void>;
}

export async function startConformanceFixture(timeoutMs = 20_000): Promise<ConformanceFixture> {
  const child: ChildProcess = spawn(process.execPath, [SERVER], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const exited = once(child, 'exit');
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the conformance fixture did not listen: ${stderr}`)), timeoutMs);
    child.stdout?.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) (clearTimeout(timer), resolve(m[1]));
    });
    void exited.then(([code]) => (clearTimeout(timer), reject(new Error(`the conformance fixture exited (${code}): ${stderr}`))));
  });
  return {
    url,
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
