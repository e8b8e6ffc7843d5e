// A private (0600) append-only file kept open between batches, rotated past a size cap. The audit
// log writes a batch per turn of its queue: re-opening, closing and chmod-ing the file per batch
// (fs.appendFile) cost about a seventh of the gateway's CPU per call under load. One stat of the
// path per batch still tells everything the old way knew: the size (rotation), a file removed or
// replaced behind our back (its inode differs, or it is gone: re-opened), and a mode loosened by hand.
import { open, rename, stat, type FileHandle } from 'node:fs/promises';

const PRIVATE = 0o600;

export class AppendFile {
  private handle: FileHandle | undefined;
  /** The inode of the open file, to notice the path now names another file. */
  private ino = -1;

  constructor(
    private readonly path: string,
    private readonly generations: number,
  ) {}

  async append(text: string, maxBytes: number): Promise<void> {
    let current = await stat(this.path).catch(() => undefined);
    if (current && current.size > 0 && current.size + Buffer.byteLength(text) > maxBytes) {
      await this.rotate();
      current = undefined;
    }
    if (!this.handle || !current || current.ino !== this.ino) await this.reopen();
    // On POSIX a file made looser by hand is tightened (Windows reports 0o666 whatever we set: harmless).
    else if ((current.mode & 0o777) !== PRIVATE) await this.handle.chmod(PRIVATE);
    await this.handle!.appendFile(text);
  }

  async close(): Promise<void> {
    const h = this.handle;
    this.handle = undefined;
    this.ino = -1;
    await h?.close().catch(() => undefined);
  }

  private async reopen(): Promise<void> {
    await this.close();
    const h = await open(this.path, 'a', PRIVATE);
    try {
      // The open's mode applies only when it creates the file; an existing looser file is tightened.
      await h.chmod(PRIVATE).catch(() => undefined);
      this.ino = (await h.stat()).ino;
    } catch (err) {
      await h.close().catch(() => undefined);
      throw err;
    }
    this.handle = h;
  }

  private async rotate(): Promise<void> {
    // Closed first: Windows refuses to rename a file some handle of ours still writes to.
    await this.close();
    for (let n = this.generations - 1; n >= 1; n--) {
      await rename(`${this.path}.${n}`, `${this.path}.${n + 1}`).catch(() => undefined);
    }
    await rename(this.path, `${this.path}.1`);
  }
}
