// The Servers page's era badge (issue 21, static markup): the version a running child negotiated, marked modern
// (2026-07-28, server/discover) or legacy (a 2025 initialize session); nothing while it is not connected.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { EraBadge } from '../../../renderer/src/features/servers/EraBadge.js';
import { serverStatus } from '../../helpers/status.js';

const render = (patch: Parameters<typeof serverStatus>[1]) =>
  renderToStaticMarkup(createElement(EraBadge, { server: serverStatus('s', patch) }));

describe('EraBadge', () => {
  it('shows a 2026-07-28 child as modern', () => {
    const out = render({ state: 'running', protocolVersion: '2026-07-28' });
    expect(out).toContain('data-testid="server-era-s"');
    expect(out).toContain('data-era="modern"');
    expect(out).toContain('>MCP 2026-07-28</span>');
  });

  it('shows a 2025 child as legacy', () => {
    const out = render({ state: 'running', protocolVersion: '2025-11-25' });
    expect(out).toContain('data-era="legacy"');
    expect(out).toContain('>MCP 2025-11-25</span>');
  });

  it('shows nothing without a negotiated version', () => {
    expect(render({ state: 'stopped' })).toBe('');
  });
});
