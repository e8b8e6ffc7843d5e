// Finds the bin that `npx -y <pkg> [args]` would run, the way npm's libnpmexec does, but only when
// the answer is certain: the package is completely installed (in the project npx would use, or in
// npx's cache) and its bin is a Node script. Anything unusual returns null and npx runs as usual.
// Complete means no npm install holds the folder's lock and every dependency the package needs
// is there: a download cut short (a first start killed by its timeout) must not be started.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface NpxBin {
  name: string;
  version: string;
  file: string;
  args: string[];
}

export interface NpxHost {
  cwd: string;
  env: Record<string, string | undefined>;
  homedir: string;
  platform: NodeJS.Platform;
}

interface Spec {
  raw: string;
  name: string;
  version: string | null;
}

/** `-y`/`--yes` then `<pkg>`; any other npx option (-p, -c, --registry, ...) makes us unsure. */
export function parseNpxArgs(args: string[]): { spec: Spec; rest: string[] } | null {
  let i = 0;
  while (i < args.length && (args[i] === '-y' || args[i] === '--yes')) i++;
  const raw = args[i];
  if (!raw || raw.startsWith('-')) return null;
  const spec = parseSpec(raw);
  return spec ? { spec, rest: args.slice(i + 1) } : null;
}

const NAME = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;
const EXACT_VERSION = /^\d+\.\d+\.\d+(-[\w.]+)?$/;

function parseSpec(raw: string): Spec | null {
  const at = raw.indexOf('@', 1);
  const name = at === -1 ? raw : raw.slice(0, at);
  const version = at === -1 ? null : raw.slice(at + 1);
  if (!NAME.test(name)) return null; // paths, git URLs, tarballs, aliases
  // A range or tag ("latest", "^1") could mean a newer release than the one installed.
  if (version !== null && !EXACT_VERSION.test(version)) return null;
  return { raw, name, version };
}

/** npx's cache folder for a single-package run: <cache>/_npx/<first 16 hex of sha512(spec)>. */
export function npxCacheDir(specRaw: string, host: Pick<NpxHost, 'env' | 'homedir' | 'platform'>): string {
  const hash = createHash('sha512').update(specRaw).digest('hex').slice(0, 16);
  return path.join(npmCacheRoot(host), '_npx', hash);
}

function npmCacheRoot(host: Pick<NpxHost, 'env' | 'homedir' | 'platform'>): string {
  const configured = host.env.npm_config_cache ?? host.env.NPM_CONFIG_CACHE;
  if (configured) return configured;
  if (host.platform === 'win32') return path.join(host.env.LocalAppData ?? path.join(host.homedir, 'AppData', 'Local'), 'npm-cache');
  return path.join(host.homedir, '.npm');
}

/** The project npx would look in: the nearest folder at or above cwd with package.json or node_modules. */
function localPrefix(cwd: string): string | null {
  let dir = path.resolve(cwd);
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) || existsSync(path.join(dir, 'node_modules'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

export async function resolveNpxBin(args: string[], host: NpxHost): Promise<NpxBin | null> {
  const parsed = parseNpxArgs(args);
  if (!parsed) return null;
  const { spec, rest } = parsed;
  const prefix = localPrefix(host.cwd);
  const roots = [...(prefix ? [prefix] : []), npxCacheDir(spec.raw, host)];
  for (const root of roots) {
    // npm 11 holds this lock (a folder) while it installs into the cache.
    if (existsSync(path.join(root, 'concurrency.lock'))) continue;
    const found = await binIn(root, path.join(root, 'node_modules', spec.name), spec);
    if (found) return { ...found, args: rest };
  }
  return null;
}

export type NpxPackageState =
  | { state: 'unsure' } // not a form parseNpxArgs understands: leave it to npx
  | { state: 'installed' }
  | { state: 'absent'; pkg: string }
  /** In npx's cache without everything it needs (an install cut short): remove `root`, install again. */
  | { state: 'broken'; pkg: string; root: string };

/** Whether `npx -y <pkg>` has its package, complete, where npx would look (the project, then its cache). */
export async function npxPackageState(args: string[], host: NpxHost): Promise<NpxPackageState> {
  const parsed = parseNpxArgs(args);
  if (!parsed) return { state: 'unsure' };
  const { spec } = parsed;
  const prefix = localPrefix(host.cwd);
  const cache = npxCacheDir(spec.raw, host);
  for (const root of [...(prefix ? [prefix] : []), cache]) {
    // Being installed right now: npm's own install waits for that lock.
    if (existsSync(path.join(root, 'concurrency.lock'))) return { state: 'absent', pkg: spec.raw };
    const dir = path.join(root, 'node_modules', spec.name);
    const manifest = await readManifest(dir);
    if (manifest?.name !== spec.name || (spec.version !== null && manifest.version !== spec.version)) continue;
    if (dependenciesPresent(root, dir, manifest)) return { state: 'installed' };
    if (root === cache) return { state: 'broken', pkg: spec.raw, root };
  }
  return { state: 'absent', pkg: spec.raw };
}

async function readManifest(dir: string): Promise<Manifest | null> {
  try {
    return JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

interface Manifest {
  name?: string;
  version?: string;
  bin?: string | Record<string, string>;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

async function binIn(root: string, dir: string, spec: Spec): Promise<Omit<NpxBin, 'args'> | null> {
  const manifest = await readManifest(dir);
  if (!manifest || manifest.name !== spec.name || typeof manifest.version !== 'string') return null;
  if (spec.version !== null && manifest.version !== spec.version) return null;
  if (!dependenciesPresent(root, dir, manifest)) return null;
  const rel = binOf(manifest.bin, spec.name);
  if (!rel) return null;
  const file = path.resolve(dir, rel);
  return (await isNodeScript(file)) ? { name: spec.name, version: manifest.version, file } : null;
}

/** Every required dependency is where Node's lookup from `dir` finds it (up to `root`); optional ones may be absent. */
function dependenciesPresent(root: string, dir: string, manifest: Manifest): boolean {
  const optional = manifest.optionalDependencies ?? {};
  const top = path.resolve(root);
  return Object.keys(manifest.dependencies ?? {})
    .filter((dep) => !(dep in optional))
    .every((dep) => {
      for (let at = path.resolve(dir); ; at = path.dirname(at)) {
        if (existsSync(path.join(at, 'node_modules', dep, 'package.json'))) return true;
        if (at === top || path.dirname(at) === at) return false;
      }
    });
}

/** The same choice npm makes: the only bin, else the one named after the unscoped package. */
function binOf(bin: string | Record<string, string> | undefined, name: string): string | null {
  if (typeof bin === 'string') return bin;
  if (!bin || typeof bin !== 'object') return null;
  const entries = Object.values(bin);
  if (entries.length === 1) return entries[0] ?? null;
  return bin[name.replace(/^@[^/]+\//, '')] ?? null;
}

async function isNodeScript(file: string): Promise<boolean> {
  if (/\.(c|m)?js$/i.test(file)) return existsSync(file);
  try {
    const fh = await open(file, 'r');
    try {
      const { buffer, bytesRead } = await fh.read(Buffer.alloc(128), 0, 128, 0);
      const first = buffer.subarray(0, bytesRead).toString('utf8').split('\n')[0] ?? '';
      return first.startsWith('#!') && /\bnode\b/.test(first);
    } finally {
      await fh.close();
    }
  } catch {
    return false;
  }
}
