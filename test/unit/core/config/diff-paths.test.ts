import { describe, expect, it } from 'vitest';
import { diffServers, diffSettings } from '../../../../electron/core/config/diff.js';
import { defaultConfigPath, defaultDataDir } from '../../../../electron/core/config/paths.js';
import { DEFAULT_SETTINGS, parseConfigText } from '../../../../shared/config-schema.js';
import type { ServerConfig } from '../../../../shared/types.js';

function servers(json: Record<string, unknown>): ServerConfig[] {
  const r = parseConfigText(JSON.stringify({ servers: json }));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config.servers;
}

describe('diffServers', () => {
  it('sorts servers into added, removed, changed and unchanged by deep equality per id', () => {
    const prev = servers({ keep: { command: 'a', env: { X: '1' } }, edit: { command: 'b', args: ['1'] }, gone: { command: 'c' } });
    const next = servers({
      edit: { command: 'b', args: ['2'] },
      keep: { command: 'a', env: { X: '1' } },
      fresh: { url: 'http://127.0.0.1:9/mcp' },
    });
    const d = diffServers(prev, next);
    expect(d.added.map((s) => s.id)).toEqual(['fresh']);
    expect(d.removed.map((s) => s.id)).toEqual(['gone']);
    expect(d.changed.map((s) => [s.id, s.args])).toEqual([['edit', ['2']]]);
    expect(d.unchanged.map((s) => s.id)).toEqual(['keep']);
  });

  it('treats nested changes (env value, disabled tool) as changes and copies as unchanged', () => {
    const prev = servers({ a: { command: 'x', env: { K: 'v' } }, b: { command: 'y' } });
    const next = servers({ a: { command: 'x', env: { K: 'w' } }, b: { command: 'y', disabled_tools: ['t'] } });
    expect(diffServers(prev, next).changed.map((s) => s.id)).toEqual(['a', 'b']);
    const copy = prev.map((s) => structuredClone(s));
    expect(diffServers(prev, copy).unchanged).toHaveLength(2);
  });
});

describe('diffSettings', () => {
  it('lists changed setting names including routing ones', () => {
    const next = { ...DEFAULT_SETTINGS, port: 9000, routing: { ...DEFAULT_SETTINGS.routing, chatPreference: ['groq'] } };
    expect(diffSettings(DEFAULT_SETTINGS, next)).toEqual(['port', 'routing.chatPreference']);
    expect(diffSettings(DEFAULT_SETTINGS, structuredClone(DEFAULT_SETTINGS))).toEqual([]);
  });
});

describe('default paths', () => {
  it('uses XDG_CONFIG_HOME / ~/.config and XDG_DATA_HOME / ~/.local/share on Linux', () => {
    expect(defaultConfigPath({ platform: 'linux', env: {}, homedir: '/home/u' })).toBe('/home/u/.config/mcp-orchestrator/config.json');
    expect(defaultConfigPath({ platform: 'linux', env: { XDG_CONFIG_HOME: '/x/cfg' }, homedir: '/home/u' })).toBe(
      '/x/cfg/mcp-orchestrator/config.json',
    );
    expect(defaultConfigPath({ platform: 'linux', env: { XDG_CONFIG_HOME: 'relative' }, homedir: '/home/u' })).toBe(
      '/home/u/.config/mcp-orchestrator/config.json',
    );
    expect(defaultDataDir({ platform: 'linux', env: {}, homedir: '/home/u' })).toBe('/home/u/.local/share/mcp-orchestrator');
    expect(defaultDataDir({ platform: 'linux', env: { XDG_DATA_HOME: '/x/data' }, homedir: '/home/u' })).toBe('/x/data/mcp-orchestrator');
  });

  it('uses Application Support on macOS', () => {
    const host = { platform: 'darwin', env: {}, homedir: '/Users/u' };
    expect(defaultConfigPath(host)).toBe('/Users/u/Library/Application Support/MCP Orchestrator/config.json');
    expect(defaultDataDir(host)).toBe('/Users/u/Library/Application Support/MCP Orchestrator');
  });

  it('uses %APPDATA% on Windows with backslashes', () => {
    const host = { platform: 'win32', env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, homedir: 'C:\\Users\\u' };
    expect(defaultConfigPath(host)).toBe('C:\\Users\\u\\AppData\\Roaming\\MCP Orchestrator\\config.json');
    expect(defaultDataDir(host)).toBe('C:\\Users\\u\\AppData\\Roaming\\MCP Orchestrator');
    expect(defaultConfigPath({ ...host, env: {} })).toBe('C:\\Users\\u\\AppData\\Roaming\\MCP Orchestrator\\config.json');
  });
});
