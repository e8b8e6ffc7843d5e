// Public names for upstream tools and prompts: `<namespace>__<name>`, always valid for
// clients that enforce ^[a-zA-Z0-9_-]{1,64}$ (several IDEs reject anything else).
import { createHash } from 'node:crypto';
import { NAMESPACE_SEPARATOR } from '../../../shared/contract.js';

const MAX_NAME_LENGTH = 64;
const HASH_LENGTH = 8;

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, HASH_LENGTH);
}

/** Replaces every character outside [a-zA-Z0-9_-] with `_`; never returns an empty string. */
export function sanitizeName(raw: string): string {
  const cleaned = raw.replace(/[^a-zA-Z0-9_-]/g, '_');
  return cleaned.length > 0 ? cleaned : '_';
}

/**
 * Cuts a sanitised name to `max` characters, keeping a readable prefix and a hash of
 * `original` so two long names sharing a prefix still differ.
 */
function shortenName(name: string, original: string, max = MAX_NAME_LENGTH): string {
  if (name.length <= max) return name;
  const keep = Math.max(0, max - HASH_LENGTH - 1);
  return `${name.slice(0, keep)}_${shortHash(original)}`.slice(0, max);
}

/** `<ns>__<tool>` sanitised and shortened; a null namespace leaves the tool name un-prefixed. */
export function namespacedName(ns: string | null, tool: string): string {
  const raw = ns === null ? tool : `${ns}${NAMESPACE_SEPARATOR}${tool}`;
  return shortenName(sanitizeName(raw), raw);
}

export interface NameEntry {
  serverId: string;
  namespace: string | null;
  name: string;
  /** The server's `tool_prefix`; undefined means `<namespace>__` (or none for a null namespace). */
  prefix?: string;
}

/** A name two servers both wanted: the earlier server in id order kept it, `serverId` got `publicName`. */
export interface NameCollision {
  serverId: string;
  originalName: string;
  publicName: string;
  keptBy: string;
}

/** The public name an entry asks for before collisions are resolved. */
function baseName(e: NameEntry): string {
  if (e.prefix === undefined) return namespacedName(e.namespace, e.name);
  const raw = e.prefix + e.name;
  return shortenName(sanitizeName(raw), raw);
}

export interface ResolvedName {
  serverId: string;
  originalName: string;
}

function keyOf(serverId: string, name: string): string {
  return `${serverId}\u0000${name}`;
}

function compareEntries(a: NameEntry, b: NameEntry): number {
  if (a.serverId !== b.serverId) return a.serverId < b.serverId ? -1 : 1;
  if (a.name === b.name) return 0;
  return a.name < b.name ? -1 : 1;
}

/**
 * Maps public names to (serverId, originalName) and back, in (serverId, name) order so the
 * result does not depend on the order servers happened to connect in. When two servers want
 * the same name (a custom or empty `tool_prefix`), the earlier server keeps it and the later
 * one falls back to its `<id>__` name; that is recorded in `collisions`. Names that only
 * clash after sanitising or shortening (e.g. `a.b` and `a_b`) get `_2`, `_3`, ...
 */
export class NameTable {
  private readonly byPublic = new Map<string, ResolvedName>();
  private readonly byKey = new Map<string, string>();
  readonly collisions: NameCollision[] = [];

  /** `<namespace>__` of every server in the table: a name there belongs to that server alone. */
  private readonly namespaces: Set<string>;

  constructor(entries: Iterable<NameEntry>) {
    const sorted = [...entries].sort(compareEntries);
    this.namespaces = new Set(sorted.flatMap((e) => (e.namespace === null ? [] : [`${sanitizeName(e.namespace)}${NAMESPACE_SEPARATOR}`])));
    const bases = sorted.map(baseName);
    const reserved = new Set(bases);
    sorted.forEach((entry, i) => {
      const key = keyOf(entry.serverId, entry.name);
      if (this.byKey.has(key)) return;
      const publicName = this.claim(entry, bases[i], reserved);
      this.byPublic.set(publicName, { serverId: entry.serverId, originalName: entry.name });
      this.byKey.set(key, publicName);
    });
  }

  private claim(entry: NameEntry, base: string, reserved: Set<string>): string {
    const squatted = this.namespaceOwner(entry, base);
    if (squatted) return this.fallBack(entry, base, reserved, squatted);
    const owner = this.byPublic.get(base);
    if (!owner) return base;
    if (owner.serverId === entry.serverId || entry.namespace === null) return this.nextFree(base, reserved);
    return this.fallBack(entry, base, reserved, owner.serverId);
  }

  /** The entry takes its own `<namespace>__` name instead of `base`, which `keptBy` holds or owns. */
  private fallBack(entry: NameEntry, base: string, reserved: Set<string>, keptBy: string): string {
    const fallback = namespacedName(entry.namespace, entry.name);
    const publicName = this.byPublic.has(fallback) || fallback === base ? this.nextFree(fallback, reserved) : fallback;
    reserved.add(publicName);
    this.collisions.push({ serverId: entry.serverId, originalName: entry.name, publicName, keptBy });
    return publicName;
  }

  /**
   * A custom or empty prefix must not publish into another server's `<id>__` namespace (e.g. prefix "" and a
   * tool named `everything__echo`, or prefix "every" and a tool `thing__echo`): that would shadow the other
   * server's tool. Returns the namespace's server id when it does.
   */
  private namespaceOwner(entry: NameEntry, base: string): string | undefined {
    if (entry.prefix === undefined || entry.namespace === null) return undefined;
    const own = `${sanitizeName(entry.namespace)}${NAMESPACE_SEPARATOR}`;
    for (const ns of this.namespaces) {
      if (ns !== own && base.startsWith(ns)) return ns.slice(0, -NAMESPACE_SEPARATOR.length);
    }
    return undefined;
  }

  private nextFree(base: string, reserved: Set<string>): string {
    // Bounded: at most byPublic.size + 1 candidates can be taken.
    for (let n = 2; n <= this.byPublic.size + 2; n++) {
      const suffix = `_${n}`;
      const candidate =
        base.length + suffix.length <= MAX_NAME_LENGTH ? base + suffix : base.slice(0, MAX_NAME_LENGTH - suffix.length) + suffix;
      if (!reserved.has(candidate) && !this.byPublic.has(candidate)) {
        reserved.add(candidate);
        return candidate;
      }
    }
    throw new Error(`no free public name for ${base}`);
  }

  resolve(publicName: string): ResolvedName | undefined {
    return this.byPublic.get(publicName);
  }

  publicName(serverId: string, originalName: string): string | undefined {
    return this.byKey.get(keyOf(serverId, originalName));
  }

  get size(): number {
    return this.byPublic.size;
  }
}
