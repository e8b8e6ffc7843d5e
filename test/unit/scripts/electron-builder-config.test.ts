// electron-builder.yml and package.json hold what the deb, AppImage, dmg and nsis builds need, checked
// offline with electron-builder's own loader, schema validation and metadata checks (no build, no
// download). The .deb build failed on a missing homepage and author e-mail, which its schema does not see.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const require = createRequire(path.join(ROOT, 'package.json'));

interface Target {
  target: string;
}
interface BuilderConfig {
  appId?: string;
  productName?: string;
  linux?: { target?: Array<string | Target>; icon?: string; executableName?: string; category?: string };
  mac?: { target?: Array<string | Target>; icon?: string; category?: string };
  win?: { target?: Array<string | Target>; icon?: string };
  deb?: { depends?: string[] };
  nsis?: Record<string, unknown>;
  dmg?: Record<string, unknown>;
}

// electron-builder's own modules (app-builder-lib is what the `electron-builder` CLI runs).
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig: (dir: string, file: string, options: null) => Promise<BuilderConfig>;
  validateConfiguration: (config: BuilderConfig, logger: unknown) => Promise<void>;
};
const { readPackageJson, checkMetadata } = require('app-builder-lib/out/util/packageMetadata.js') as {
  readPackageJson: (file: string) => Promise<{ homepage?: string; author?: { name?: string; email?: string } }>;
  checkMetadata: (meta: unknown, dev: unknown, file: string, devFile: string) => void;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const load = () => getConfig(ROOT, 'electron-builder.yml', null);
const names = (targets: Array<string | Target> | undefined) => (targets ?? []).map((t) => (typeof t === 'string' ? t : t.target));

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('electron-builder configuration', () => {
  it('passes electron-builder’s own schema validation', async () => {
    const config = await load();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/i);
    expect(config.productName).toBeTruthy();
  });

  it('the validation is real: a wrong type is refused', async () => {
    const config = await load();
    config.nsis = { ...config.nsis, oneClick: 'no' };
    await expect(validateConfiguration(config, new DebugLogger(false))).rejects.toThrow(/nsis\.oneClick/);
  });

  it('declares the deb, AppImage, dmg and nsis targets with icons large enough for each', async () => {
    const config = await load();
    expect(names(config.linux?.target)).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(names(config.mac?.target)).toContain('dmg');
    expect(names(config.win?.target)).toContain('nsis');
    for (const platform of [config.linux, config.mac, config.win]) {
      // macOS needs 512×512; Linux and Windows installers are built from the same PNG.
      const size = pngSize(path.join(ROOT, platform!.icon!));
      expect(size.width).toBeGreaterThanOrEqual(512);
      expect(size.height).toBe(size.width);
    }
    // The deb's desktop entry and its keychain library.
    expect(config.linux?.executableName).toBe('mcp-orchestrator');
    expect(config.linux?.category).toBeTruthy();
    expect(config.deb?.depends).toContain('libsecret-1-0');
  });

  it('package.json has what the deb needs (homepage, author e-mail) and passes electron-builder’s metadata check', async () => {
    const file = path.join(ROOT, 'package.json');
    const meta = await readPackageJson(file);
    expect(() => checkMetadata(meta, meta, file, file)).not.toThrow();
    // FpmTarget (deb) refuses to build without these: "Please specify project homepage", "Please specify author 'email'".
    expect(meta.homepage).toMatch(/^https?:\/\//);
    expect(meta.author?.name).toBeTruthy();
    expect(meta.author?.email).toMatch(/^[^@\s]+@[^@\s]+$/);
  });
});
