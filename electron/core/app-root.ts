// Where the app's files are, from the location of the running (compiled or source) module.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder at or above `fromUrl` holding package.json: the repo, the npm package or app.asar. */
export function findAppRoot(fromUrl: string): string {
  let dir = path.dirname(fileURLToPath(fromUrl));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return path.dirname(fileURLToPath(fromUrl));
    dir = up;
  }
}

/** Files a child process runs cannot be inside app.asar: electron-builder unpacks them beside it. */
function unpackedPath(p: string): string {
  return p.replace(/([\\/])app\.asar(?=$|[\\/])/, '$1app.asar.unpacked');
}

/** Compiled built-in servers (dist/servers/<name>.mjs), outside the asar archive when packaged. */
export function builtinServersDir(appRoot: string): string {
  return unpackedPath(path.join(appRoot, 'dist', 'servers'));
}

/**
 * The desktop app's own node-llama-cpp folder (extraResources `local-models`, beside app.asar.unpacked), when the
 * built-ins run from a packaged layout that ships one; undefined in a checkout or the npm package.
 */
export function packagedLocalModelsDir(builtinDir: string): string | undefined {
  const unpacked = path.resolve(builtinDir, '..', '..');
  if (path.basename(unpacked) !== 'app.asar.unpacked') return undefined;
  const dir = path.join(path.dirname(unpacked), 'local-models');
  return existsSync(path.join(dir, 'node_modules', 'node-llama-cpp', 'package.json')) ? dir : undefined;
}
