// Where the shell finds its files in development (repo checkout) and when packaged.
import { app } from 'electron';
import path from 'node:path';

/** The folder holding package.json (inside app.asar when packaged). */
export const appRoot = (): string => app.getAppPath();

export const rendererIndex = (): string => path.join(appRoot(), 'dist', 'renderer', 'index.html');

/** The preload is bundled to one CommonJS file: sandboxed preloads cannot load ESM or our modules. */
export const preloadPath = (): string => path.join(appRoot(), 'dist', 'app', 'electron', 'preload', 'preload.cjs');

/** Icons ship as extraResources so the OS tray can read them outside the asar archive. */
export const resourcesDir = (): string =>
  app.isPackaged ? path.join(process.resourcesPath, 'resources') : path.join(appRoot(), 'resources');

/** Root that built-in server commands use (${MCP_ORCHESTRATOR_ROOT}); children cannot read asar. */
export const unpackedRoot = (): string => (app.isPackaged ? path.join(process.resourcesPath, 'app.asar.unpacked') : appRoot());
