// The stdio command IDE snippets use runs this installation by absolute path, never a registry name.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stdioBridgeCommand, stdioLauncher } from '../../../electron/core/stdio-launcher.js';
import { buildSnippets } from '../../../renderer/src/features/connect/snippets.js';

describe('stdio launcher', () => {
  it('runs bin/mcp-orchestrator.mjs of this install with the running Node', () => {
    const l = stdioLauncher({ execPath: '/usr/local/bin/node', appRoot: '/opt/orch', electron: false });
    expect(l).toEqual({ command: '/usr/local/bin/node', args: [path.join('/opt/orch', 'bin', 'mcp-orchestrator.mjs')] });
  });

  it('under Electron runs the app binary in node mode', () => {
    const l = stdioLauncher({
      execPath: '/Applications/X.app/Contents/MacOS/X',
      appRoot: '/Applications/X.app/Contents/Resources/app.asar',
      electron: true,
    });
    expect(l.command).toBe('/Applications/X.app/Contents/MacOS/X');
    expect(l.env).toEqual({ ELECTRON_RUN_AS_NODE: '1' });
    expect(l.args[0]).toMatch(/app\.asar[\\/]bin[\\/]mcp-orchestrator\.mjs$/);
  });

  it('the bridge command names the endpoint and the data dir that holds the token; the snippet has no npx', () => {
    const l = stdioLauncher({ execPath: '/usr/bin/node', appRoot: '/opt/orch', electron: false });
    const cmd = stdioBridgeCommand(l, 'http://127.0.0.1:8000/mcp', '/home/u/.local/share/mcp-orchestrator');
    expect(cmd).toEqual([
      '/usr/bin/node',
      path.join('/opt/orch', 'bin', 'mcp-orchestrator.mjs'),
      'stdio',
      '--url',
      'http://127.0.0.1:8000/mcp',
      '--data-dir',
      '/home/u/.local/share/mcp-orchestrator',
    ]);
    const desktop = buildSnippets({ url: 'http://127.0.0.1:8000/mcp', token: 't', tokenFile: '/t', stdioCommand: cmd }).find(
      (s) => s.id === 'claude-desktop',
    )!;
    const server = JSON.parse(desktop.text).mcpServers.orchestrator;
    expect(path.isAbsolute(server.command)).toBe(true);
    expect(desktop.text).not.toMatch(/npx/);
  });
});
