// Crash-safe file replacement for the config and the token file: a reader (or the next start
// after a crash) sees either the complete old file or the complete new one, never a partial write.
// write-file-atomic does the temp file, fsync and rename (and removes its temp on failure or a
// normal exit); this module adds the `.bak`, the folder, the mode rules, the folder fsync and the
// sweep of temps a killed writer left behind.
import { mkdir, open, readdir, readFile, realpath, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomicLib from 'write-file-atomic';

export interface AtomicWriteOptions {
  /** Keep the replaced file as `<path>.bak` (default true). */
  backup?: boolean;
  /** Mode for a new file; an existing file keeps its mode. Default 0o600 (headers may hold tokens). */
  mode?: number;
  /** Owner-only (0600) for the file and its `.bak`, whatever mode an existing file had. */
  private?: boolean;
}

/**
 * A temp file this old is a killed writer's (SIGKILL, power cut): no write of ours takes minutes.
 * write-file-atomic's temp names carry no pid, so age is what tells a leftover from a live writer's.
 */
export const STALE_TEMP_MS = 5 * 60_000;

export async function writeFileAtomic(file: string, text: string, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = path.dirname(file);
  const mode = await existingMode(file);
  if (mode === null) await mkdir(dir, { recursive: true });
  const owner = options.private === true;
  if (mode !== null && options.backup !== false) await backup(file, owner ? 0o600 : mode);
  // An explicit mode: the library would otherwise copy the old file's (loose) mode on a private save.
  await writeFileAtomicLib(file, text, { mode: owner ? 0o600 : (mode ?? options.mode ?? 0o600), fsync: true });
  await syncDir(dir);
  await removeStaleTemps(file);
}

async function existingMode(file: string): Promise<number | null> {
  try {
    return (await stat(file)).mode & 0o777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Copies the current file to `<file>.bak` through its own atomic write, so the backup is never partial either. */
async function backup(file: string, mode: number): Promise<void> {
  let previous: Buffer;
  try {
    previous = await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // the file vanished meanwhile: nothing to keep
    throw err;
  }
  await writeFileAtomicLib(`${file}.bak`, previous, { mode, fsync: true });
}

/** Persists the rename itself. Not possible on Windows, where opening a folder fails; skip there. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on folders; the data itself is already synced.
  } finally {
    await handle.close();
  }
}

/**
 * A writer killed mid-write leaves its temp (`<file>.<number>`, or `<file>.bak.<number>`) behind.
 * Remove those older than STALE_TEMP_MS, measured against the file just written (file times
 * against file times, no clock of ours). Best effort: a failure here never fails the write.
 */
async function removeStaleTemps(file: string): Promise<void> {
  // The library writes next to the symlink's target, so its temps are there.
  const real = await realpath(file).catch(() => file);
  const dir = path.dirname(real);
  const pattern = new RegExp(`^${escapeRegExp(path.basename(real))}(?:\\.bak)?\\.\\d+$`);
  const now = (await stat(real).catch(() => null))?.mtimeMs;
  if (now === undefined) return;
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!pattern.test(name)) continue;
    const temp = path.join(dir, name);
    const age = now - ((await stat(temp).catch(() => null))?.mtimeMs ?? now);
    if (age > STALE_TEMP_MS) await unlink(temp).catch(() => undefined);
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
