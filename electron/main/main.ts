// Electron composition root: one instance, the core, the tray, the window and the IPC bridge.
// `--hidden` starts in the tray; closing the window hides it; Quit stops every child first.
import { app, type BrowserWindow, clipboard, dialog, ipcMain, nativeTheme, shell } from 'electron';
import os from 'node:os';
import path from 'node:path';
import { resolvePaths, type ResolvedPaths } from '../core/config/paths.js';
import { createControlApi } from '../core/control/control-api.js';
import { createCore } from '../core/create-core.js';
import { ensureStarterConfig } from '../core/config/starter.js';
import { keepYoungGenerationSmall } from '../core/runtime/heap-tuning.js';
import { stdioLauncher } from '../core/stdio-launcher.js';
import type { MCPOrchestrator } from '../core/create-core.js';
import type { ControlApi } from '../../shared/contract.js';
import { createStreamLogger } from '../core/env.js';
import { forwardEvents, registerIpc } from './ipc.js';
import { setLaunchAtLogin } from './login-item.js';
import { appRoot, preloadPath, rendererIndex, resourcesDir, unpackedRoot } from './paths.js';
import { createPrefs } from './prefs.js';
import type { PrefsStore } from './prefs.js';
import { AppTray } from './tray.js';
import { createMainWindow } from './window.js';

let win: BrowserWindow | null = null;
let tray: AppTray | null = null;
let quitting = false;
let stopped = false;

function showWindow(prefs: PrefsStore): void {
  if (win && !win.isDestroyed()) {
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    return;
  }
  win = createMainWindow({
    preload: preloadPath(),
    index: rendererIndex(),
    bounds: prefs.get('windowBounds'),
    onBounds: (bounds) => prefs.set('windowBounds', bounds),
    shouldHideOnClose: () => !quitting,
  });
  win.on('closed', () => (win = null));
}

function buildCore(prefs: PrefsStore, paths: ResolvedPaths): MCPOrchestrator {
  const logger = createStreamLogger((line) => process.stderr.write(line), 'info');
  return createCore({
    configPath: paths.configPath,
    dataDir: paths.dataDir,
    port: prefs.get('gatewayPort') ?? undefined,
    env: {
      logger,
      processEnv: { ...process.env, MCP_ORCHESTRATOR_ROOT: unpackedRoot() },
      // Built-ins run as Electron-as-Node on dist/servers/<name>.mjs, which asarUnpack keeps on disk.
      builtinServersDir: path.join(unpackedRoot(), 'dist', 'servers'),
    },
    // Apps launched from Finder or a desktop menu miss the login shell's PATH (npx, uvx).
    useLoginShellPath: process.platform !== 'win32',
    secretService: paths.keychainService,
    // OAuth sign-in to a remote server (issue 21 item 6): the system browser, never a window of ours.
    openBrowser: (url) => shell.openExternal(url),
    // IDE snippets run this app's own binary in node mode on its bin/, never a registry name through npx.
    stdioLauncher: stdioLauncher({ execPath: process.execPath, appRoot: appRoot(), electron: true }),
  });
}

function createTray(api: ControlApi, prefs: PrefsStore): AppTray {
  const copy = async (pick: 'url' | 'token') => {
    const info = await api.getConnectionInfo();
    if (info.ok) void clipboard.writeText(info.value[pick]);
  };
  const t = new AppTray(resourcesDir(), {
    serverAction: (id, action) =>
      void (action === 'start' ? api.startServer(id) : action === 'stop' ? api.stopServer(id) : api.restartServer(id)),
    signIn: (id) => void api.signInServer(id),
    startAll: () => void api.startAll(),
    stopAll: () => void api.stopAll(),
    openWindow: () => showWindow(prefs),
    copyEndpoint: () => void copy('url'),
    copyToken: () => void copy('token'),
    isLaunchAtLogin: () => prefs.get('launchAtLogin'),
    setLaunchAtLogin: (enabled) => {
      prefs.set('launchAtLogin', enabled);
      void setLaunchAtLogin(enabled).finally(() => t.rebuild());
    },
    quit: () => app.quit(),
  });
  return t;
}

/** Quit waits for every child to stop; a second Quit while stopping does nothing new. */
function installQuitHandler(core: MCPOrchestrator): void {
  let stopping: Promise<void> | null = null;
  app.on('before-quit', (event) => {
    quitting = true;
    if (stopped) return;
    event.preventDefault();
    stopping ??= core
      .stop()
      .catch((err: unknown) => {
        process.stderr.write(`shutdown failed: ${String(err)}\n`);
      })
      .finally(() => {
        stopped = true;
        tray?.destroy();
        app.quit();
      });
  });
}

async function boot(): Promise<void> {
  keepYoungGenerationSmall();
  await app.whenReady();
  const prefs = createPrefs();
  nativeTheme.themeSource = prefs.get('theme');
  const paths = resolvePaths({ platform: process.platform, env: process.env, homedir: os.homedir() });
  const core = buildCore(prefs, paths);
  const api = createControlApi(core);
  registerIpc(ipcMain, api, () => win);
  forwardEvents(
    (l) => core.subscribe(l),
    () => win,
  );
  tray = createTray(api, prefs);
  core.subscribe((name, payload) => {
    if (name === 'status') tray?.update(payload as ReturnType<MCPOrchestrator['getServerStatus']>);
    else if (name === 'questions') tray?.setPendingApprovals((payload as unknown[]).length);
  });
  installQuitHandler(core);
  // A tray app keeps running with no window open.
  app.on('window-all-closed', () => undefined);
  app.on('activate', () => showWindow(prefs));
  app.on('second-instance', () => showWindow(prefs));

  if (!process.argv.includes('--hidden')) showWindow(prefs);
  try {
    // First run at the default location: start from the shipped example rather than an error.
    if (paths.configIsDefault) await ensureStarterConfig(core.config.path, path.join(appRoot(), 'examples', 'config.json'));
    await core.start();
    tray.update(core.getServerStatus());
  } catch (err) {
    // Keep the shell up so the user can fix the config from the window.
    dialog.showErrorBox('MCP Orchestrator could not start', core.redactor.redact(String((err as Error).message ?? err)));
    showWindow(prefs);
  }
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void boot();
}
