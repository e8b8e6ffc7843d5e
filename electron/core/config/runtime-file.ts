// `<dataDir>/orchestrator.json` (0600) says which orchestrator runs on this data dir: its pid, gateway URL,
// config path and this run's identity nonce. The CLI reads it to find the running orchestrator (then asks it,
// over the control API, for anything more), so `config path`, `import` and `secrets set` act on the config that
// runs; and it proves with the nonce that the listener is that orchestrator before it sends a token
// (gateway/identity.ts).
import { readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../runtime/atomic-write.js';

const RUNTIME_FILE_NAME = 'orchestrator.json';

export interface RuntimeInfo {
  pid: number;
  url: string;
  configPath: string;
  /** The run's secret for the GET /identity challenge; never sent over the wire. */
  nonce: string;
}

export const runtimeFilePath = (dataDir: string) => path.join(dataDir, RUNTIME_FILE_NAME);

export async function writeRuntimeFile(dataDir: string, info: RuntimeInfo): Promise<void> {
  await writeFileAtomic(runtimeFilePath(dataDir), JSON.stringify(info, null, 2) + '\n', { backup: false, private: true });
}

/** Removes the file only while it is still ours: a second orchestrator on the same data dir may own it now. */
export async function removeRuntimeFile(dataDir: string, pid: number): Promise<void> {
  const current = await readRuntimeFile(dataDir);
  if (current?.pid !== pid) return;
  await unlink(runtimeFilePath(dataDir)).catch(() => undefined);
}

/** The recorded orchestrator, or null when there is no (well-formed) file. Liveness is the caller's check. */
export async function readRuntimeFile(dataDir: string): Promise<RuntimeInfo | null> {
  try {
    const v = JSON.parse(await readFile(runtimeFilePath(dataDir), 'utf8')) as Partial<RuntimeInfo>;
    if (!Number.isInteger(v.pid) || typeof v.url !== 'string' || typeof v.configPath !== 'string' || typeof v.nonce !== 'string')
      return null;
    return { pid: v.pid!, url: v.url, configPath: v.configPath, nonce: v.nonce };
  } catch {
    return null;
  }
}
