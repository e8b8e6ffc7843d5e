// "Launch at login": Electron handles macOS and Windows; on Linux we write an XDG autostart entry.
import { app } from 'electron';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const DESKTOP_FILE = 'mcp-orchestrator.desktop';

function autostartPath(): string {
  const base =
    process.env.XDG_CONFIG_HOME && path.isAbsolute(process.env.XDG_CONFIG_HOME)
      ? process.env.XDG_CONFIG_HOME
      : path.join(os.homedir(), '.config');
  return path.join(base, 'autostart', DESKTOP_FILE);
}

/** AppImage runs from a temporary mount; $APPIMAGE is the stable path to relaunch. */
function execLine(): string {
  const exe = process.env.APPIMAGE ?? process.execPath;
  return `"${exe.replace(/"/g, '\\"')}" --hidden`;
}

export async function setLaunchAtLogin(enabled: boolean): Promise<void> {
  if (process.platform !== 'linux') {
    app.setLoginItemSettings({ openAtLogin: enabled, args: ['--hidden'] });
    return;
  }
  const file = autostartPath();
  if (!enabled) {
    await rm(file, { force: true });
    return;
  }
  await mkdir(path.dirname(file), { recursive: true });
  const entry = [
    '[Desktop Entry]',
    'Type=Application',
    'Name=MCP Orchestrator',
    `Exec=${execLine()}`,
    'X-GNOME-Autostart-enabled=true',
    '',
  ];
  await writeFile(file, entry.join('\n'), 'utf8');
}
