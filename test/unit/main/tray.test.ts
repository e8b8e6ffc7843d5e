// The tray's pure parts: health colour and the menu template built from a status object.
import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { menuSignature, trayHealth } from '../../../electron/main/health.js';
import { buildTrayMenu, type TrayActions } from '../../../electron/main/tray-menu.js';
import type { ServerState, ServerStatus } from '../../../shared/types.js';
import { orchestratorStatus, serverStatus } from '../../helpers/status.js';

function server(id: string, state: ServerState, enabled = true): ServerStatus {
  return serverStatus(id, { name: id.toUpperCase(), enabled, state, pid: state === 'running' ? 100 : null });
}

const status = orchestratorStatus;

function recorder() {
  const calls: string[] = [];
  const actions: TrayActions = {
    serverAction: (id, a) => calls.push(`${a}:${id}`),
    startAll: () => calls.push('startAll'),
    stopAll: () => calls.push('stopAll'),
    openWindow: () => calls.push('open'),
    copyEndpoint: () => calls.push('copyEndpoint'),
    copyToken: () => calls.push('copyToken'),
    isLaunchAtLogin: () => true,
    setLaunchAtLogin: (on) => calls.push(`login:${on}`),
    quit: () => calls.push('quit'),
    signIn: (id) => calls.push(`signIn:${id}`),
  };
  return { calls, actions };
}

const click = (item: MenuItemConstructorOptions) => (item.click as unknown as (i: { checked: boolean }) => void)({ checked: false });

describe('tray health', () => {
  it('is ok when every enabled server runs, warn on any trouble, stopped otherwise', () => {
    expect(trayHealth(status([server('a', 'running'), server('b', 'running')]))).toBe('ok');
    expect(trayHealth(status([server('a', 'running'), server('b', 'crashed')]))).toBe('warn');
    expect(trayHealth(status([server('a', 'running'), server('b', 'backoff')]))).toBe('warn');
    expect(trayHealth(status([server('a', 'stopped')]))).toBe('stopped');
    expect(trayHealth(status([server('a', 'running'), server('b', 'failed', false)]))).toBe('ok');
    expect(trayHealth(null)).toBe('stopped');
  });

  it('menu signature changes with states but not with call counts', () => {
    const s1 = status([server('a', 'running')]);
    const s2 = status([{ ...server('a', 'running'), calls: 42 }]);
    const s3 = status([server('a', 'stopped')]);
    expect(menuSignature(s1)).toBe(menuSignature(s2));
    expect(menuSignature(s1)).not.toBe(menuSignature(s3));
  });
});

describe('tray menu', () => {
  it('lists each server with its state and working start/stop/restart entries', () => {
    const { calls, actions } = recorder();
    const menu = buildTrayMenu(status([server('memory', 'running'), server('groq', 'stopped')]), actions);
    const labels = menu.map((m) => m.label).filter(Boolean);
    expect(labels[0]).toBe('MCP Orchestrator — 1/2 running');
    const memory = menu.find((m) => m.label === 'MEMORY — running')!;
    const sub = memory.submenu as MenuItemConstructorOptions[];
    expect(sub.map((i) => [i.label, i.enabled])).toEqual([
      ['Start', false],
      ['Stop', true],
      ['Restart', undefined],
    ]);
    click(sub[1]);
    const groq = menu.find((m) => m.label === 'GROQ — stopped')!;
    click((groq.submenu as MenuItemConstructorOptions[])[0]);
    for (const label of ['Start all', 'Stop all', 'Open window', 'Copy endpoint URL', 'Copy token', 'Quit'])
      click(menu.find((m) => m.label === label)!);
    expect(calls).toEqual(['stop:memory', 'start:groq', 'startAll', 'stopAll', 'open', 'copyEndpoint', 'copyToken', 'quit']);
    const login = menu.find((m) => m.label === 'Launch at login')!;
    expect(login.type).toBe('checkbox');
    expect(login.checked).toBe(true);
  });

  it('puts "N approvals pending" first while tool calls wait, and it opens the window', () => {
    const { calls, actions } = recorder();
    expect(buildTrayMenu(status([server('a', 'running')]), actions, 0)[0]?.label).toBe('MCP Orchestrator — 1/1 running');
    const one = buildTrayMenu(status([server('a', 'running')]), actions, 1);
    expect(one[0]?.label).toBe('1 approval pending…');
    expect(one[1]?.type).toBe('separator');
    const three = buildTrayMenu(null, actions, 3);
    expect(three[0]?.label).toBe('3 approvals pending…');
    click(three[0]);
    expect(calls).toEqual(['open']);
  });

  it('shows a starting menu before the first status', () => {
    const { actions } = recorder();
    const menu = buildTrayMenu(null, actions);
    expect(menu[0].label).toMatch(/starting/);
    expect(menu.find((m) => m.label === 'Copy endpoint URL')!.enabled).toBe(false);
  });
});

describe('tray menu, OAuth (issue 21 item 6)', () => {
  it('offers "Sign in…" first for a server that needs a sign-in, and only there', () => {
    const { calls, actions } = recorder();
    const menu = buildTrayMenu(status([server('linear', 'needs-sign-in'), server('memory', 'running')]), actions);
    const linear = menu.find((m) => m.label === 'LINEAR — needs-sign-in')!.submenu as MenuItemConstructorOptions[];
    expect(linear[0]?.label).toBe('Sign in…');
    click(linear[0]);
    expect(calls).toEqual(['signIn:linear']);
    const memory = menu.find((m) => m.label === 'MEMORY — running')!.submenu as MenuItemConstructorOptions[];
    expect(memory.map((i) => i.label)).not.toContain('Sign in…');
    expect(trayHealth(status([server('linear', 'needs-sign-in')]))).toBe('warn');
  });
});
