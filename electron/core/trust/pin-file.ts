// The pin store's file: `pins.json` in the data folder, owner-only (0600), replaced atomically. The CLI (an offline
// `config import`) and the running core share it, so a reader notices another process's write by the file's
// inode and mtime (an atomic write replaces the inode).
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PinKind } from '../../../shared/types.js';
import { writeFileAtomic } from '../runtime/atomic-write.js';
import type { Definition } from './definitions.js';

const PINS_FILE = 'pins.json';

interface PinnedDef {
  hash: string;
  def: Definition;
}

interface StoredChange extends PinnedDef {
  seenAt: number;
  status: 'pending' | 'rejected';
}

/** Keys are `<kind>:<name>` (the child's own name). */
export interface ServerPins {
  /** Added by import: nothing of it is pinned at first use, every definition waits for the user's approval. */
  awaitingApproval?: true;
  /** Kinds whose first list was pinned as it was (first use). */
  seen: PinKind[];
  pins: Record<string, PinnedDef>;
  changes: Record<string, StoredChange>;
}

export interface PinData {
  version: 1;
  servers: Record<string, ServerPins>;
}

export function pinsPath(dataDir: string): string {
  return join(dataDir, PINS_FILE);
}

export const emptyPins = (): PinData => ({ version: 1, servers: {} });

function isServerPins(v: unknown): v is ServerPins {
  const s = v as ServerPins | null;
  return typeof s === 'object' && s !== null && Array.isArray(s.seen) && typeof s.pins === 'object' && typeof s.changes === 'object';
}

/** File identity, '' when there is none. */
export async function fileSignature(file: string): Promise<string> {
  try {
    const s = await stat(file);
    return `${s.ino}:${s.mtimeMs}:${s.size}`;
  } catch {
    return '';
  }
}

/** The stored pins; a missing file is empty. A broken file throws: pinning must not silently start over. */
export async function readPins(file: string): Promise<PinData> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyPins();
    throw err;
  }
  const parsed = JSON.parse(text) as Partial<PinData>;
  const data = emptyPins();
  for (const [id, s] of Object.entries(parsed.servers ?? {})) if (isServerPins(s)) data.servers[id] = s;
  return data;
}

export async function writePins(file: string, data: PinData): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(data, null, 2) + '\n', { private: true, backup: false });
}
