// The tray menu as a plain template (no Electron calls), so it can be tested under Node.
import type { MenuItemConstructorOptions } from 'electron';
import type { OrchestratorStatus, ServerStatus } from '../../shared/types.js';

export interface TrayActions {
  serverAction(id: string, action: 'start' | 'stop' | 'restart'): void;
  startAll(): void;
  stopAll(): void;
  openWindow(): void;
  copyEndpoint(): void;
  copyToken(): void;
  isLaunchAtLogin(): boolean;
  setLaunchAtLogin(enabled: boolean): void;
  quit(): void;
  /** OAuth (issue 21 item 6): start a sign-in to a remote server; the system browser opens. */
  signIn(id: string): void;
}

function serverItem(s: ServerStatus, actions: TrayActions): MenuItemConstructorOptions {
  const live = s.state !== 'stopped' && s.state !== 'failed';
  return {
    label: `${s.name || s.id} — ${s.state}`,
    submenu: [
      // A remote server waiting for an OAuth sign-in: the one useful action comes first.
      ...(s.state === 'needs-sign-in' ? [{ label: 'Sign in…', click: () => actions.signIn(s.id) }, { type: 'separator' as const }] : []),
      { label: 'Start', enabled: !live, click: () => actions.serverAction(s.id, 'start') },
      { label: 'Stop', enabled: live, click: () => actions.serverAction(s.id, 'stop') },
      { label: 'Restart', click: () => actions.serverAction(s.id, 'restart') },
    ],
  };
}

/** "N approvals pending", first in the menu while tool calls wait for the user; it opens the window, which shows them. */
function approvalItems(pending: number, actions: Pick<TrayActions, 'openWindow'>): MenuItemConstructorOptions[] {
  if (pending <= 0) return [];
  const label = pending === 1 ? '1 approval pending…' : `${pending} approvals pending…`;
  return [{ label, click: () => actions.openWindow() }, { type: 'separator' }];
}

export function buildTrayMenu(status: OrchestratorStatus | null, actions: TrayActions, pendingApprovals = 0): MenuItemConstructorOptions[] {
  const servers = status?.servers ?? [];
  const running = servers.filter((s) => s.state === 'running').length;
  return [
    ...approvalItems(pendingApprovals, actions),
    { label: status ? `MCP Orchestrator — ${running}/${servers.length} running` : 'MCP Orchestrator — starting…', enabled: false },
    { type: 'separator' },
    ...servers.map((s) => serverItem(s, actions)),
    ...(servers.length ? [{ type: 'separator' } as const] : []),
    { label: 'Start all', click: () => actions.startAll() },
    { label: 'Stop all', click: () => actions.stopAll() },
    { type: 'separator' },
    { label: 'Open window', click: () => actions.openWindow() },
    { label: 'Copy endpoint URL', enabled: !!status?.gateway, click: () => actions.copyEndpoint() },
    { label: 'Copy token', click: () => actions.copyToken() },
    {
      label: 'Launch at login',
      type: 'checkbox',
      checked: actions.isLaunchAtLogin(),
      click: (item) => actions.setLaunchAtLogin(item.checked),
    },
    { type: 'separator' },
    { label: 'Quit', click: () => actions.quit() },
  ];
}
