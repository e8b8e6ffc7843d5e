// Reads the memory a process started with PROBE_NODE_ARGS keeps after a full collection (see
// gc-probe.mjs): the V8 heap in use plus memory held outside it (buffers), in bytes.
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './serve-process.js';

/** Node arguments that load the probe; pass them before the script. */
export const PROBE_NODE_ARGS = ['--expose-gc', '--import', pathToFileURL(path.join(ROOT, 'test', 'helpers', 'gc-probe.mjs')).href];

/** Asks the probe for one reading and resolves with the bytes kept (heap used + external). */
export function keptBytes(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer) => {
      seen += d.toString();
      const m = /gc-probe (\{[^\n]*\})\n/.exec(seen);
      if (!m) return;
      child.stderr!.off('data', onData);
      child.off('exit', onExit);
      const u = JSON.parse(m[1]) as { heapUsed: number; external: number };
      resolve(u.heapUsed + u.external);
    };
    const onExit = () => reject(new Error('the process exited before the probe answered'));
    child.stderr!.on('data', onData);
    child.once('exit', onExit);
    child.kill('SIGUSR2');
  });
}
