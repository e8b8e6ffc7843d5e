// Tray icon and menu. Rebuilt when a status event changes what the menu shows; no timers.
import { Menu, Tray, nativeImage } from 'electron';
import type { NativeImage } from 'electron';
import path from 'node:path';
import type { OrchestratorStatus } from '../../shared/types.js';
import { menuSignature, trayHealth } from './health.js';
import type { TrayHealth } from './health.js';
import { buildTrayMenu, type TrayActions } from './tray-menu.js';

export type { TrayActions };

function loadIcon(dir: string, health: TrayHealth): NativeImage {
  // macOS menu bars want a monochrome template that follows light/dark; colour only for trouble.
  if (process.platform === 'darwin' && health !== 'warn') {
    const img = nativeImage.createFromPath(path.join(dir, 'trayTemplate.png'));
    img.setTemplateImage(true);
    return img;
  }
  return nativeImage.createFromPath(path.join(dir, `tray-${health}.png`));
}

export class AppTray {
  private readonly tray: Tray;
  private status: OrchestratorStatus | null = null;
  private signature = '\0';
  private health: TrayHealth | null = null;
  private pendingApprovals = 0;

  constructor(
    private readonly iconDir: string,
    private readonly actions: TrayActions,
  ) {
    this.tray = new Tray(loadIcon(iconDir, 'stopped'));
    this.tray.setToolTip('MCP Orchestrator');
    // Linux trays often ignore clicks without a menu; elsewhere a click opens the window.
    this.tray.on('click', () => actions.openWindow());
    this.update(null);
  }

  update(status: OrchestratorStatus | null): void {
    this.status = status;
    const health = trayHealth(status);
    if (health !== this.health) {
      this.health = health;
      this.tray.setImage(loadIcon(this.iconDir, health));
      this.tray.setToolTip(`MCP Orchestrator — ${health === 'ok' ? 'all running' : health === 'warn' ? 'needs attention' : 'stopped'}`);
    }
    const signature = menuSignature(status);
    if (signature !== this.signature) this.rebuild(signature);
  }

  /** Tool calls waiting for the user (the core's `questions` event). */
  setPendingApprovals(count: number): void {
    if (count === this.pendingApprovals) return;
    this.pendingApprovals = count;
    this.rebuild();
  }

  /** Rebuilds even when the status is unchanged (e.g. after toggling a preference). */
  rebuild(signature = menuSignature(this.status)): void {
    this.signature = signature;
    this.tray.setContextMenu(Menu.buildFromTemplate(buildTrayMenu(this.status, this.actions, this.pendingApprovals)));
  }

  destroy(): void {
    this.tray.destroy();
  }
}
