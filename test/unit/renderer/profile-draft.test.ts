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
    expect(profileFromDraft(partial, TOOLS)).toMatchObject({ servers: ['m', 'e'], tools: ['m__read', 'e__*'], readOnly: true });
  });

  it('a mixed save keeps a whole server whole: a tool it adds later is in the profile', () => {
    const mixed = { ...emptyDraft(), name: 'mix', checked: new Set(['m__read', 'm__write', 'x__one']) };
    const withX = [...TOOLS, tool('x__one', 'x'), tool('x__two', 'x')];
    const saved = { name: 'mix', ...profileFromDraft(mixed, withX) };
    expect(saved).toMatchObject({ servers: ['m', 'x'], tools: ['m__*', 'x__one'] });
    const later = [...withX, tool('m__added_later', 'm')];
    expect(draftFromProfile(saved, later).checked).toEqual(new Set(['m__read', 'm__write', 'm__added_later', 'x__one']));
    // A custom prefix cannot be a glob of the server's own: those tools are listed by name.
    const prefixed = [tool('gh_issues', 'gh'), tool('x__one', 'x'), tool('x__two', 'x')];
    const custom = { ...emptyDraft(), checked: new Set(['gh_issues', 'x__one']) };
    expect(profileFromDraft(custom, prefixed)).toMatchObject({ tools: ['gh_issues', 'x__one'] });
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
