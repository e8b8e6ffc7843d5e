// Crash-safe file replacement: a reader (or the next start after a crash) sees either the
// complete old file or the complete new one, never a partial write.
import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { chmod, copyFile, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** Keep the replaced file as `<path>.bak` (default true). */
  backup?: boolean;
  /** Mode for a new file; an existing file keeps its mode. Default 0o600 (headers may hold tokens). */
  mode?: number;
  /** Owner-only (0600) for the file and its `.bak`, whatever mode an existing file had. */
  private?: boolean;
}

export async function writeFileAtomic(file: string, text: string, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = path.dirname(file);
  const tmp = tempName(file);
  const mode = await existingMode(file);
  if (mode === null) await mkdir(dir, { recursive: true });
  try {
    await writeAndSync(tmp, text, options.private ? 0o600 : (mode ?? options.mode ?? 0o600));
    if (mode !== null && options.backup !== false) await backup(file, options.private === true);
    // rename() within one folder is atomic on POSIX and replaces the target on Windows too.
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await syncDir(dir);
  await removeStaleTemps(file);
}

function tempName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

async function existingMode(file: string): Promise<number | null> {
  try {
    return (await stat(file)).mode & 0o777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

async function writeAndSync(file: string, text: string, mode: number): Promise<void> {
  const handle = await open(file, 'wx', mode);
  try {
    await handle.writeFile(text, 'utf8');
    // fsync before the rename, or a power cut could leave the new name pointing at empty blocks.
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Copies the current file to `<file>.bak` via its own temp + rename, so the backup is never partial either. */
async function backup(file: string, owner: boolean): Promise<void> {
  const bak = `${file}.bak`;
  const tmp = tempName(bak);
  try {
    await copyFile(file, tmp, fsConstants.COPYFILE_FICLONE);
    // copyFile keeps the source's mode; an owner-only save must not leave a readable backup behind.
    if (owner) await chmod(tmp, 0o600);
    await rename(tmp, bak);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err; // the file vanished meanwhile: nothing to keep
  }
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
 * A writer killed mid-write leaves its temp file behind. Remove those whose writer process
 * is gone; a live pid (maybe another writer right now) is left alone. Best effort.
 */
async function removeStaleTemps(file: string): Promise<void> {
  const dir = path.dirname(file);
  const pattern = new RegExp(`^\\.${escapeRegExp(path.basename(file))}(?:\\.bak)?\\.(\\d+)\\.[0-9a-f]{8}\\.tmp$`);
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const m = pattern.exec(name);
    if (!m || isAlive(Number(m[1]))) continue;
    await unlink(path.join(dir, name)).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
