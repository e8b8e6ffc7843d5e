// The per-server lines of `serve`'s banner and `status`: a missing key's hint names that key and the CLI to run.
import { describe, expect, it } from 'vitest';
import { summarise } from '../../../electron/cli/summary.js';
import { orchestratorStatus, serverStatus } from '../../helpers/status.js';

describe('summarise', () => {
  it('tells how to store the very key that is missing, with the given CLI command', () => {
    const waiting = serverStatus('openai', { state: 'stopped', missingEnv: ['OPENAI_API_KEY'] });
    const keychain = { ...orchestratorStatus([waiting]), secretStore: 'keychain' as const };
    expect(summarise(keychain, '/usr/bin/node /opt/app/bin/mcp-orchestrator.mjs')).toEqual([
      '  openai         stopped (missing OPENAI_API_KEY: store with `/usr/bin/node /opt/app/bin/mcp-orchestrator.mjs secrets set OPENAI_API_KEY`)',
    ]);
    const noKeychain = { ...orchestratorStatus([waiting]), secretStore: 'unavailable' as const };
    expect(summarise(noKeychain)[0]).toContain('missing OPENAI_API_KEY: export it before `serve`');
  });

  // Sandbox (issue 22 item 6)
  it('says [sandboxed], or why a server that asked for it is not; nothing for one that did not ask', () => {
    const lines = summarise(
      orchestratorStatus([
        serverStatus('boxed', { state: 'running', toolCount: 2, sandboxed: true }),
        serverStatus('fallback', {
          state: 'running',
          toolCount: 1,
          sandboxed: false,
          sandboxReason: 'sandbox "auto" is off: bwrap is not installed',
        }),
        serverStatus('plain', { state: 'running', toolCount: 1, sandboxed: false }),
      ]),
    );
    expect(lines).toEqual([
      '  boxed          running (2 tools) [sandboxed]',
      '  fallback       running (1 tools) [not sandboxed: sandbox "auto" is off: bwrap is not installed]',
      '  plain          running (1 tools)',
    ]);
  });

  // Issue 21: the era a running child negotiated.
  it('names the protocol version a running server negotiated', () => {
    const lines = summarise(
      orchestratorStatus([
        serverStatus('modern', { state: 'running', toolCount: 3, protocolVersion: '2026-07-28' }),
        serverStatus('classic', { state: 'running', toolCount: 1, protocolVersion: '2025-11-25' }),
      ]),
    );
    expect(lines).toEqual(['  modern         running (3 tools, MCP 2026-07-28)', '  classic        running (1 tools, MCP 2025-11-25)']);
  });
});
