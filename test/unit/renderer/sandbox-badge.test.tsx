// The Servers page's sandbox badge (static markup): "sandboxed" when the child runs under bubblewrap, "not
// sandboxed" with the reason when it asked for a sandbox it did not get, nothing when it never asked.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SandboxBadge, SandboxNote } from '../../../renderer/src/features/servers/SandboxBadge.js';
import { serverStatus } from '../../helpers/status.js';

const render = (c: typeof SandboxBadge, patch: Parameters<typeof serverStatus>[1]) =>
  renderToStaticMarkup(createElement(c, { server: serverStatus('s', patch) }));

describe('SandboxBadge', () => {
  it('shows "sandboxed" for a sandboxed server', () => {
    const out = render(SandboxBadge, { sandboxed: true });
    expect(out).toContain('data-testid="server-sandboxed-s"');
    expect(out).toContain('>sandboxed</span>');
    expect(render(SandboxNote, { sandboxed: true })).toBe('');
  });

  it('shows "not sandboxed" and the reason when "auto" fell back to off', () => {
    const reason = 'sandbox "auto" is off: bwrap is not installed';
    expect(render(SandboxBadge, { sandboxed: false, sandboxReason: reason })).toContain('>not sandboxed</span>');
    expect(render(SandboxNote, { sandboxed: false, sandboxReason: reason })).toContain('Not sandboxed: sandbox &quot;auto&quot; is off');
  });

  it('shows nothing for a server that never asked', () => {
    expect(render(SandboxBadge, { sandboxed: false })).toBe('');
    expect(render(SandboxNote, { sandboxed: false })).toBe('');
  });
});
