// The one app window, locked down: isolated, sandboxed, no navigation, no popups.
import { BrowserWindow, shell } from 'electron';
import type { WindowBounds } from './prefs.js';

export interface WindowOptions {
  preload: string;
  index: string;
  bounds: WindowBounds;
  onBounds: (bounds: WindowBounds) => void;
  /** Called on the window's close button; return true to hide instead of closing. */
  shouldHideOnClose: () => boolean;
}

function isExternalWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

export function createMainWindow(opts: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    ...opts.bounds,
    minWidth: 760,
    minHeight: 520,
    show: false,
    title: 'MCP Orchestrator',
    autoHideMenuBar: true,
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      spellcheck: false,
    },
  });
  const contents = win.webContents;

  // The UI is one page; any navigation is either a link (open it outside) or an attack.
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    if (isExternalWebUrl(url)) void shell.openExternal(url);
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  win.on('close', (event) => {
    opts.onBounds(win.getNormalBounds());
    if (opts.shouldHideOnClose()) {
      event.preventDefault();
      win.hide();
    }
  });
  win.once('ready-to-show', () => win.show());
  void win.loadFile(opts.index);
  return win;
}
