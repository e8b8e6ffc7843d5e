import { describe, expect, it } from 'vitest';
import type { ToolInfo } from '../../../shared/types.js';
import {
  draftCost,
  draftFromProfile,
  emptyDraft,
  groupByServer,
  profileFromDraft,
} from '../../../renderer/src/features/profiles/profile-draft.js';
import { withEndpoint } from '../../../renderer/src/features/connect/snippets.js';

const tool = (name: string, serverId: string, readOnly = false, enabled = true): ToolInfo => ({
  name,
  serverId,
  originalName: name.split('__')[1] ?? name,
  description: `does ${name}`,
  inputSchema: { type: 'object', properties: { q: { type: 'string' } } },
  enabled,
  ...(readOnly ? { readOnly } : {}),
});
const TOOLS = [tool('m__read', 'm', true), tool('m__write', 'm'), tool('e__echo', 'e', true), tool('e__off', 'e', false, false)];

describe('profile draft', () => {
  it('groups enabled tools by server', () => {
    expect(groupByServer(TOOLS).map((g) => [g.serverId, g.tools.length])).toEqual([
      ['m', 2],
      ['e', 1],
    ]);
  });

  it('whole servers become `servers`; a partial choice lists tool names', () => {
    const whole = { ...emptyDraft(), checked: new Set(['m__read', 'm__write']) };
    expect(profileFromDraft(whole, TOOLS)).toEqual({ servers: ['m'], exclude: [], readOnly: false, discovery: false, pinned: [] });
    const partial = { ...emptyDraft(), checked: new Set(['m__read', 'e__echo']), readOnly: true };
    expect(profileFromDraft(partial, TOOLS)).toMatchObject({ servers: ['m', 'e'], tools: ['m__read', 'e__echo'], readOnly: true });
  });

  it('round-trips an existing profile into checkboxes', () => {
    const draft = draftFromProfile({ name: 'p', servers: ['m'], exclude: ['*write'], readOnly: true, discovery: false, pinned: [] }, TOOLS);
    expect([...draft.checked]).toEqual(['m__read']);
    expect(draft.readOnly).toBe(true);
  });

  it('counts and sizes what the profile would list, live', () => {
    const d = { ...emptyDraft(), checked: new Set(['m__read', 'm__write', 'e__echo']) };
    const all = draftCost(d, TOOLS);
    expect(all).toMatchObject({ tools: 3, listed: 3 });
    expect(draftCost({ ...d, readOnly: true }, TOOLS)).toMatchObject({ tools: 2, listed: 2 });
    const disc = draftCost({ ...d, discovery: true, pinned: ['e__echo'] }, TOOLS);
    expect(disc).toMatchObject({ tools: 3, listed: 4 });
    expect(all.tokens).toBeGreaterThan(0);
  });

  it('snippets point at the profile URL, bridge command included', () => {
    const info = {
      url: 'http://127.0.0.1:1/mcp',
      token: 't',
      tokenFile: '/f',
      stdioCommand: ['/usr/bin/node', '/opt/mcp-orchestrator/bin/mcp-orchestrator.mjs', 'stdio', '--url', 'http://127.0.0.1:1/mcp'],
    };
    const shown = withEndpoint(info, 'http://127.0.0.1:1/mcp/p');
    expect(shown.url).toBe('http://127.0.0.1:1/mcp/p');
    expect(shown.stdioCommand.at(-1)).toBe('http://127.0.0.1:1/mcp/p');
  });
});
