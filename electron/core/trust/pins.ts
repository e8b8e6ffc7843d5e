// Issue 22 pinning: per server, the hash (and the text, for the diff) of every tool, prompt and resource template
// definition the user accepted. A config server's first list is accepted as it is (first use); an imported server's
// waits for the user. Afterwards a definition that differs from its pin, or a new one, is a change awaiting review:
// under "strict" it is hidden from clients until approved, under "warn" it is served and recorded, under "off"
// nothing is looked at.
import { Emitter } from '../../../shared/emitter.js';
import { AppError, ErrorCode, errorMessage } from '../../../shared/errors.js';
import { wordDiff } from '../../../shared/pinning.js';
import type { PinChange, PinKind, PinningMode } from '../../../shared/types.js';
import { unifiedDiff } from '../../../shared/unified-diff.js';
import type { Clock, Logger } from '../env.js';
import { definitionHash, definitionOf, schemaText, type Listed } from './definitions.js';
import { emptyPins, fileSignature, pinsPath, readPins, writePins, type PinData, type ServerPins } from './pin-file.js';

const ALL_KINDS: PinKind[] = ['tool', 'prompt', 'template'];
const keyOf = (kind: PinKind, name: string) => `${kind}:${name}`;

function splitKey(key: string): { kind: PinKind; name: string } {
  const at = key.indexOf(':');
  return { kind: key.slice(0, at) as PinKind, name: key.slice(at + 1) };
}

export type PinDecision = 'approve' | 'reject';

/** What the gateway's lists ask of the store (electron/core/gateway/aggregator.ts). */
export interface PinGate {
  /** The names (the child's own) of `items` that clients must not see. Records first pins and changes. */
  screen(serverId: string, mode: PinningMode, kind: PinKind, items: readonly Listed[]): Promise<ReadonlySet<string>>;
  /** A review changed what a server shows: its lists must be built again and clients told. */
  onReviewed(listener: (serverId: string) => void): () => void;
}

export class PinStore implements PinGate {
  private data: PinData = emptyPins();
  private loadedSig = '';
  private writing: Promise<void> = Promise.resolve();
  /** Reads and changes run one at a time: a re-read of the file must never replace a change made meanwhile. */
  private turn: Promise<unknown> = Promise.resolve();
  private readonly reviewed = new Emitter<[string]>();
  private readonly counts = new Emitter<[]>();
  /** Servers' modes as last screened, for `served` in the review. */
  private readonly modes = new Map<string, PinningMode>();

  constructor(
    private readonly file: string,
    private readonly clock: Clock,
    private readonly logger?: Logger,
  ) {}

  static forDataDir(dataDir: string, clock: Clock, logger?: Logger): PinStore {
    return new PinStore(pinsPath(dataDir), clock, logger);
  }

  onReviewed(listener: (serverId: string) => void): () => void {
    return this.reviewed.on(listener);
  }

  /** The number of changes awaiting review (or a server's approval) changed. */
  onCountsChanged(listener: () => void): () => void {
    return this.counts.on(listener);
  }

  /** Reads the file again when another process replaced it (after our own pending write). */
  async load(): Promise<void> {
    await this.writing;
    const sig = await fileSignature(this.file);
    if (sig === this.loadedSig) return;
    try {
      this.data = await readPins(this.file);
      this.loadedSig = sig;
    } catch (err) {
      this.logger?.warn('pins file unreadable; keeping the pins in memory', { file: this.file, error: errorMessage(err) });
    }
  }

  private persist(): void {
    const snapshot = JSON.parse(JSON.stringify(this.data)) as PinData;
    this.writing = this.writing
      .then(async () => {
        await writePins(this.file, snapshot);
        this.loadedSig = await fileSignature(this.file);
      })
      .catch((err: unknown) => this.logger?.error('cannot write the pins file', { file: this.file, error: errorMessage(err) }));
  }

  /** Resolves once every write so far reached the disk. */
  flush(): Promise<void> {
    return this.writing;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.turn.then(work, work);
    this.turn = next.catch(() => undefined);
    return next;
  }

  async screen(serverId: string, mode: PinningMode, kind: PinKind, items: readonly Listed[]): Promise<ReadonlySet<string>> {
    this.modes.set(serverId, mode);
    if (mode === 'off') return new Set();
    return this.exclusive(async () => {
      await this.load();
      return this.judge(serverId, mode, kind, items);
    });
  }

  private judge(serverId: string, mode: PinningMode, kind: PinKind, items: readonly Listed[]): Set<string> {
    const hidden = new Set<string>();
    let server = this.data.servers[serverId];
    if (!server) server = this.data.servers[serverId] = { seen: [], pins: {}, changes: {} };
    let dirty = false;
    if (!server.awaitingApproval && !server.seen.includes(kind)) {
      // First use: what the gateway sees first is what the user put in the config.
      for (const item of items) {
        const def = definitionOf(kind, item);
        server.pins[keyOf(kind, item.name)] = { hash: definitionHash(def), def };
      }
      server.seen.push(kind);
      this.persist();
      return hidden;
    }
    for (const item of items) {
      const key = keyOf(kind, item.name);
      const def = definitionOf(kind, item);
      const hash = definitionHash(def);
      if (server.pins[key]?.hash === hash) {
        // Back to what was approved: nothing to review any more.
        if (server.changes[key]) dirty = this.drop(server, key);
        continue;
      }
      let change = server.changes[key];
      if (change?.hash !== hash) {
        change = server.changes[key] = { hash, def, seenAt: this.clock.now(), status: 'pending' };
        dirty = true;
        const what = server.pins[key] ? 'changed' : 'new';
        this.logger?.warn(
          mode === 'strict' ? `pinning: ${kind} ${what}; hidden from clients until reviewed` : `pinning: ${kind} ${what}; served ("warn")`,
          { serverId, name: item.name, review: `mcp-orchestrator tools review ${serverId}` },
        );
      }
      if (mode === 'strict' || change.status === 'rejected' || server.awaitingApproval) hidden.add(item.name);
    }
    if (dirty) {
      this.persist();
      this.counts.emit();
    }
    return hidden;
  }

  private drop(server: ServerPins, key: string): true {
    delete server.changes[key];
    return true;
  }

  /** Marks servers as added by import: nothing of theirs is exposed until approved (their old pins are dropped). */
  async markAwaitingApproval(serverIds: readonly string[]): Promise<void> {
    if (serverIds.length === 0) return;
    await this.exclusive(async () => {
      await this.load();
      for (const id of serverIds) this.data.servers[id] = { awaitingApproval: true, seen: [], pins: {}, changes: {} };
      this.persist();
      await this.flush();
    });
    this.counts.emit();
  }

  /** Changes awaiting review for one server (or every server), oldest first, each with its diff. */
  async changes(serverId?: string): Promise<PinChange[]> {
    await this.exclusive(() => this.load());
    const out: PinChange[] = [];
    for (const [id, server] of Object.entries(this.data.servers)) {
      if (serverId !== undefined && id !== serverId) continue;
      for (const [key, c] of Object.entries(server.changes)) {
        const { kind, name } = splitKey(key);
        const old = server.pins[key]?.def;
        const mode = this.modes.get(id) ?? 'strict';
        out.push({
          server: id,
          kind,
          name,
          change: old ? 'changed' : 'new',
          status: c.status,
          served: mode === 'warn' && c.status === 'pending' && !server.awaitingApproval,
          seenAt: c.seenAt,
          description: wordDiff(old?.description ?? '', c.def.description ?? ''),
          schemaDiff: unifiedDiff(schemaText(old), schemaText(c.def), { from: `${id}/${name} (approved)`, to: `${id}/${name} (now)` }),
        });
      }
    }
    return out.sort((a, b) => a.seenAt - b.seenAt || a.name.localeCompare(b.name));
  }

  /** Pending changes for one server (rejected ones are settled). */
  pendingCount(serverId: string): number {
    const server = this.data.servers[serverId];
    return server ? Object.values(server.changes).filter((c) => c.status === 'pending').length : 0;
  }

  awaitingApproval(serverId: string): boolean {
    return this.data.servers[serverId]?.awaitingApproval === true;
  }

  /**
   * Approves (pins the definition as it is now) or rejects (keeps it hidden) one change by the child's own name,
   * or every change of the server with names 'all'. Returns the names reviewed.
   */
  async review(serverId: string, names: readonly string[] | 'all', decision: PinDecision): Promise<string[]> {
    const reviewed = await this.exclusive(() => this.decide(serverId, names, decision));
    this.counts.emit();
    this.reviewed.emit(serverId);
    return reviewed;
  }

  private async decide(serverId: string, names: readonly string[] | 'all', decision: PinDecision): Promise<string[]> {
    await this.load();
    const server = this.data.servers[serverId];
    const keys = Object.keys(server?.changes ?? {}).filter((k) => names === 'all' || names.includes(splitKey(k).name));
    if (!server || (names !== 'all' && keys.length === 0)) {
      const what = names === 'all' ? 'nothing awaits review' : `no change named ${names.join(', ')} awaits review`;
      throw new AppError(ErrorCode.BAD_REQUEST, `${what} on "${serverId}"`);
    }
    for (const key of keys) {
      const change = server.changes[key];
      if (decision === 'approve') {
        server.pins[key] = { hash: change.hash, def: change.def };
        delete server.changes[key];
      } else {
        change.status = 'rejected';
      }
    }
    // Once nothing waits, later lists are judged against the pins like any other server's.
    if (server.awaitingApproval && this.pendingCount(serverId) === 0) {
      delete server.awaitingApproval;
      server.seen = [...ALL_KINDS];
    }
    this.persist();
    await this.flush();
    return keys.map((k) => splitKey(k).name);
  }
}
