// Electron smoke test: launches the built main process with a throwaway config and checks the
// window and the tray. Runs only where an Electron binary is installed; skipped otherwise.
//
// The binary is located without `require('electron')`: that wrapper downloads Electron when
// its dist/ folder is missing, and tests must never download anything.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test, expect, _electron as electron, type ElectronApplication } from '@playwright/test';
import { MEMORY_SERVER, ROOT, tempDir } from '../helpers/serve-process.js';

const MAIN = path.join(ROOT, 'dist', 'app', 'electron', 'main', 'main.js');

/** The installed Electron executable, or why there is none. */
function findElectron(): { path: string } | { reason: string } {
  const pkg = path.join(ROOT, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (override) {
    const exe = path.join(override, relative || 'electron');
    return existsSync(exe) ? { path: exe } : { reason: `ELECTRON_OVERRIDE_DIST_PATH has no ${exe}` };
  }
  if (!relative) return { reason: `${pathFile} is missing (the electron package is a wrapper without dist/)` };
  const exe = path.join(pkg, 'dist', relative);
  return existsSync(exe) ? { path: exe } : { reason: `${exe} does not exist` };
}

const found = findElectron();
const hasElectron = 'path' in found;
const skipReason =
  'reason' in found
    ? `Electron binary not installed: ${found.reason}`
    : existsSync(MAIN)
      ? ''
      : `Electron main not built: ${MAIN} is missing (npm run build:electron)`;

test.describe('electron shell', () => {
  let app: ElectronApplication | undefined;
  let dir = '';

  test.beforeAll(() => {
    if (skipReason) console.log(`[electron.spec] skipped: ${skipReason}`);
  });

  test.afterEach(async () => {
    await app?.close().catch(() => undefined);
    app = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('opens the window with the UI and a tray icon', async () => {
    test.skip(!hasElectron || !!skipReason, skipReason);
    test.setTimeout(90_000);
    dir = await tempDir('mcp-orch-electron-');
    const home = path.join(dir, 'home');
    await mkdir(home, { recursive: true });
    const configPath = path.join(dir, 'config.json');
    const config = {
      servers: { memory: { command: process.execPath, args: [MEMORY_SERVER], env: { MEMORY_FILE_PATH: path.join(dir, 'memory.jsonl') } } },
    };
    await writeFile(configPath, JSON.stringify(config, null, 2));

    app = await electron.launch({
      executablePath: (found as { path: string }).path,
      args: [MAIN, '--no-sandbox'],
      cwd: ROOT,
      timeout: 60_000,
      env: {
        ...(process.env as Record<string, string>),
        // A private home keeps prefs and the single-instance lock away from a real install.
        HOME: home,
        XDG_CONFIG_HOME: path.join(home, '.config'),
        MCP_ORCHESTRATOR_CONFIG: configPath,
        MCP_ORCHESTRATOR_DATA: path.join(dir, 'data'),
      },
    });
    const window = await app.firstWindow();
    await expect(window).toHaveTitle(/MCP Orchestrator/);
    await window.getByTestId('nav-servers').click();
    await expect(window.getByTestId('server-state-memory')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });

    // No API lists trays. Closing the window must hide it, not quit: the tray owns the app.
    const after = await app.evaluate(({ BrowserWindow }) => {
      const all = BrowserWindow.getAllWindows();
      for (const w of all) w.close();
      return { count: all.length, visible: BrowserWindow.getAllWindows().some((w) => w.isVisible()) };
    });
    expect(after).toEqual({ count: 1, visible: false });
    expect(await app.evaluate(({ app: electronApp }) => electronApp.isReady())).toBe(true);
  });
});
