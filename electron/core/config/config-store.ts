// Owns the config file: load, validate, atomic save, and hot reload on external edits.
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError, ErrorCode } from '../../../shared/errors.js';
import type { AppConfig, ConfigIssue } from '../../../shared/types.js';
import { formatIssues, parseConfigText, serializeConfig } from '../../../shared/config-schema.js';
import { systemClock, type Logger, type Timers } from '../env.js';
import { debounce, type Debouncer } from '../../../shared/debounce.js';
import { writeFileAtomic } from '../runtime/atomic-write.js';

export type ConfigReloadEvent =
  { ok: true; config: AppConfig; previous: AppConfig } | { ok: false; issues: ConfigIssue[]; message: string };
export type ConfigReloadListener = (e: ConfigReloadEvent) => void;

export interface ConfigStoreOptions {
  path: string;
  logger: Logger;
  /** Quiet time after the last file event before re-reading (editors write in bursts). */
  debounceMs?: number;
  /** The core's timers; the process's own when not given (the CLI has no core env). */
  timers?: Timers;
}

export class ConfigStore {
  readonly path: string;
  private readonly logger: Logger;
  private config: AppConfig | null = null;
  /** Text of the last version we loaded, saved or rejected; equal content is not a change. */
  private lastText: string | null = null;
  private listeners = new Set<ConfigReloadListener>();
  private watcher: FSWatcher | null = null;
  /** A watcher's burst of events (an editor's save is several) becomes one reload once it pauses. */
  private readonly reloadSoon: Debouncer;
  /** Serialises reloads so two bursts never interleave their reads. */
  private chain: Promise<void> = Promise.resolve();
  /** Serialises saves so the last save to start is the one left on disk. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(options: ConfigStoreOptions) {
    this.path = path.resolve(options.path);
    this.logger = options.logger;
    this.reloadSoon = debounce(options.timers ?? systemClock, options.debounceMs ?? 150, () => {
      this.chain = this.chain.then(() => this.reload());
    });
  }

  get current(): AppConfig | null {
    return this.config;
  }

  async readText(): Promise<string> {
    try {
      return await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new AppError(ErrorCode.CONFIG_NOT_FOUND, `Config file not found: ${this.path}`);
      }
      throw new AppError(ErrorCode.CONFIG_NOT_FOUND, `Cannot read config ${this.path}: ${(err as Error).message}`);
    }
  }

  /** Reads and validates the file; throws CONFIG_NOT_FOUND or CONFIG_INVALID. */
  async load(): Promise<AppConfig> {
    const text = await this.readText();
    const parsed = parseConfigText(text);
    if (!parsed.ok) throw new AppError(ErrorCode.CONFIG_INVALID, formatIssues(this.path, parsed.issues));
    this.config = parsed.config;
    this.lastText = text;
    this.logger.info('config loaded', { path: this.path, format: parsed.format, servers: parsed.config.servers.length });
    return parsed.config;
  }

  /**
   * Validates, then writes atomically. Invalid text throws CONFIG_INVALID and leaves the file
   * untouched. The caller applies the result; listeners are not told (this is not a reload).
   * With `base`, a file that is no longer that text throws CONFIG_CONFLICT and is left as it is.
   */
  save(text: string, base?: string): Promise<AppConfig> {
    const run = this.writes.then(() => this.saveNow(text, base));
    this.writes = run.catch(() => undefined);
    return run;
  }

  private async saveNow(text: string, base?: string): Promise<AppConfig> {
    const parsed = parseConfigText(text);
    if (!parsed.ok) throw new AppError(ErrorCode.CONFIG_INVALID, formatIssues(this.path, parsed.issues));
    if (base !== undefined) await this.checkBase(base);
    const previousText = this.lastText;
    // Set before writing so a watcher event racing the rename already sees it as ours.
    this.lastText = text;
    try {
      // Owner-only: headers and env may hold literal credentials.
      await writeFileAtomic(this.path, text, { private: true });
    } catch (err) {
      this.lastText = previousText;
      throw new AppError(ErrorCode.CONFIG_WRITE_FAILED, `Cannot write config ${this.path}: ${(err as Error).message}`);
    }
    this.config = parsed.config;
    this.logger.info('config saved', { path: this.path, servers: parsed.config.servers.length });
    return parsed.config;
  }

  /** Inside the write queue, so no save of ours can slip between this read and the write. */
  private async checkBase(base: string): Promise<void> {
    const onDisk = await this.readText().catch(() => '');
    if (onDisk !== base) {
      throw new AppError(ErrorCode.CONFIG_CONFLICT, `${this.path} changed on disk since it was loaded; reload it or overwrite it`);
    }
  }

  saveConfig(config: AppConfig): Promise<AppConfig> {
    return this.save(serializeConfig(config));
  }

  onReload(listener: ConfigReloadListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Watches the folder, not the file: an atomic save (ours or an editor's) renames a new
   * inode over the old one, and a watch on the old inode would go silent.
   */
  watch(): void {
    if (this.watcher) return;
    const name = path.basename(this.path);
    try {
      this.watcher = watch(path.dirname(this.path), (_event, filename) => {
        // Some platforms omit the name; then any event in the folder may be ours.
        if (filename !== null && filename !== name) return;
        this.schedule();
      });
    } catch (err) {
      // A missing folder or exhausted watch limit must not stop the app; only hot reload is lost.
      this.logger.warn('cannot watch config folder; hot reload is off', { path: this.path, error: (err as Error).message });
      return;
    }
    this.watcher.on('error', (err) => this.logger.warn('config watcher failed', { path: this.path, error: err.message }));
  }

  close(): void {
    this.watcher?.close();
    this.watcher = null;
    this.reloadSoon.cancel();
  }

  /** Resolves once pending reload work has finished (for orderly shutdown and tests). */
  idle(): Promise<void> {
    return this.chain;
  }

  private schedule(): void {
    this.reloadSoon.trigger();
  }

  private async reload(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      const problem = missing ? 'the file was removed' : `cannot read it: ${(err as Error).message}`;
      this.reject([{ path: '', message: `${problem}; keeping the last good configuration` }], null);
      return;
    }
    if (text === this.lastText) return;
    const parsed = parseConfigText(text);
    if (!parsed.ok) {
      this.reject(parsed.issues, text);
      return;
    }
    const previous = this.config;
    this.config = parsed.config;
    this.lastText = text;
    this.logger.info('config reloaded', { path: this.path, servers: parsed.config.servers.length });
    // Before load() there is nothing to compare with, so there is no change to report.
    if (previous) this.emit({ ok: true, config: parsed.config, previous });
  }

  private reject(issues: ConfigIssue[], text: string | null): void {
    // Remember rejected text so repeated events for the same bad content report once.
    if (text !== null) this.lastText = text;
    const message = formatIssues(this.path, issues);
    this.logger.warn('config change rejected; keeping the previous configuration', { error: message });
    this.emit({ ok: false, issues, message });
  }

  private emit(e: ConfigReloadEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(e);
      } catch (err) {
        this.logger.error('config reload listener failed', { error: (err as Error).message });
      }
    }
  }
}
