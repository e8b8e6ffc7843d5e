#!/usr/bin/env node
// Stages node-llama-cpp for the desktop app: copies it and every package it needs, as package-lock.json
// lays them out, from this repo's node_modules into build/local-models/node_modules/, which
// electron-builder.yml ships as <resources>/local-models (extraResources, outside app.asar: native .node
// files). The local_llama built-in loads it from there when MODEL_PATH names a GGUF file.
// Left out: the CUDA and Vulkan builds (hundreds of MB), the prebuilt binaries of other platforms and
// arches than this one, and llama.cpp's source bundle (only used to compile, which the app never does).
// Run by `npm run dist` before electron-builder; runnable alone: node scripts/stage-local-models.mjs [--out <dir>]
// Plain .mjs: it runs before anything is compiled.
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TOP = 'node_modules/node-llama-cpp';
const BINARIES = '@node-llama-cpp/';
// Files inside a staged package that only matter for compiling llama.cpp from source.
const SKIP_FILES = new Set([`${TOP}/llama/gitRelease.bundle`]);

/** node-llama-cpp's names for its per-platform binary packages (process.platform → prefix). */
const PLATFORM = { linux: 'linux', darwin: 'mac', win32: 'win' };
const ARCH = { arm: 'armv7l' };

/** The @node-llama-cpp/* binary packages the app for `platform`/`arch` keeps (CPU builds, plus Metal on Apple silicon). */
export function keptBinaries(platform, arch) {
  const base = `${PLATFORM[platform] ?? platform}-${ARCH[arch] ?? arch}`;
  return platform === 'darwin' && arch === 'arm64' ? [base, `${base}-metal`] : [base];
}

/** npm's `os`/`cpu` fields: a list of allowed values, or of `!excluded` ones. */
function allows(list, value) {
  if (!list?.length) return true;
  const banned = list.filter((v) => v.startsWith('!')).map((v) => v.slice(1));
  return banned.length === list.length ? !banned.includes(value) : list.includes(value);
}

/** Where Node would find `name` from the package at lock path `from` (a "packages" key of package-lock.json). */
function resolveInLock(packages, from, name) {
  let dir = from;
  for (;;) {
    const key = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[key]) return key;
    if (!dir) return undefined;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut < 0 ? '' : dir.slice(0, cut);
  }
}

/**
 * Lock paths of node-llama-cpp and its dependency closure that the app for `platform`/`arch` needs.
 * Peer dependencies are not followed (its one, typescript, is optional).
 */
export function closure(lock, platform, arch) {
  const packages = lock.packages ?? {};
  if (!packages[TOP]) throw new Error(`${TOP} is not in package-lock.json`);
  const keep = new Set(keptBinaries(platform, arch).map((b) => BINARIES + b));
  const found = new Set();
  const missing = [];
  const visit = (key) => {
    if (found.has(key)) return;
    found.add(key);
    const pkg = packages[key];
    const deps = [
      ...Object.keys(pkg.dependencies ?? {}).map((n) => [n, false]),
      ...Object.keys(pkg.optionalDependencies ?? {}).map((n) => [n, true]),
    ];
    for (const [name, optional] of deps) {
      if (name.startsWith(BINARIES) && !keep.has(name)) continue;
      const dep = resolveInLock(packages, key, name);
      // Another platform's optional package (a native binary) is not shipped in this platform's app.
      if (dep && !(allows(packages[dep].os, platform) && allows(packages[dep].cpu, arch))) continue;
      if (dep) visit(dep);
      else if (!optional) missing.push(`${name} (needed by ${key})`);
    }
  };
  visit(TOP);
  if (missing.length) throw new Error(`package-lock.json lacks: ${missing.join(', ')}`);
  return [...found].sort();
}

function sizeOf(p) {
  const st = statSync(p);
  if (!st.isDirectory()) return st.size;
  return readdirSync(p).reduce((sum, name) => sum + sizeOf(path.join(p, name)), 0);
}

/** Copies the closure into `<out>/node_modules`; returns what it staged and the bytes. */
export function stageLocalModels({
  root = ROOT,
  out = path.join(root, 'build', 'local-models'),
  platform = process.platform,
  arch = process.arch,
} = {}) {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  rmSync(out, { recursive: true, force: true });
  const staged = [];
  for (const key of closure(lock, platform, arch)) {
    const from = path.join(root, key);
    if (!existsSync(from)) {
      // An optional package npm did not install here (say, a musl build on glibc) is not needed either.
      if (lock.packages[key].optional) continue;
      throw new Error(`${key} is in package-lock.json but not installed: run npm ci first`);
    }
    if (lock.packages[key].link || !existsSync(path.join(from, 'package.json'))) throw new Error(`${key} is not a real package here`);
    cpSync(from, path.join(out, key), {
      recursive: true,
      dereference: true,
      // Nested node_modules hold packages of their own: copied only when the closure names them.
      filter: (src) => {
        const rel = path.relative(root, src).split(path.sep).join('/');
        return rel === key || !(rel.slice(key.length + 1).split('/')[0] === 'node_modules' || SKIP_FILES.has(rel));
      },
    });
    staged.push(key.slice('node_modules/'.length));
  }
  const binaries = staged.filter((k) => k.startsWith(BINARIES));
  if (!binaries.length) throw new Error(`no prebuilt node-llama-cpp binary for ${platform}-${arch} is installed`);
  return { out, staged, binaries, bytes: sizeOf(out) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const i = process.argv.indexOf('--out');
    const r = stageLocalModels(i > 0 ? { out: path.resolve(process.argv[i + 1]) } : {});
    const mb = (r.bytes / 1048576).toFixed(1);
    process.stderr.write(
      `staged node-llama-cpp for ${process.platform}-${process.arch} in ${path.relative(process.cwd(), r.out) || '.'}: ` +
        `${r.staged.length} packages, ${mb} MB (binaries: ${r.binaries.join(', ')})\n${r.staged.map((s) => `  ${s}\n`).join('')}`,
    );
  } catch (err) {
    process.stderr.write(`stage-local-models failed: ${err.message}\n`);
    process.exitCode = 1;
  }
}
