import { describe, expect, it } from 'vitest';
import { parseConfigValue, serializeConfig } from '../../../shared/config-schema.js';
import { exceededLimits, globToRegExp, inProfile, profileServerSet, selectProfileTools } from '../../../shared/profiles.js';
import type { ProfileConfig } from '../../../shared/types.js';

const servers = { memory: { command: 'node' }, everything: { command: 'node' } };
const parse = (profiles: unknown) => parseConfigValue({ servers, profiles });
const base: ProfileConfig = { name: 'p', exclude: [], readOnly: false, discovery: false, pinned: [] };
const tools = [
  { name: 'memory__read_graph', serverId: 'memory', readOnly: true },
  { name: 'memory__delete_entities', serverId: 'memory' },
  { name: 'everything__echo', serverId: 'everything', readOnly: true },
  { name: 'everything__off', serverId: 'everything', enabled: false },
  { name: 'chat', serverId: 'orchestrator' },
];

describe('profiles config', () => {
  it('normalises every kind of profile and writes it back', () => {
    const res = parse({
      mem: { servers: ['memory'] },
      picked: { tools: ['memory__*', 'everything__echo'], exclude: ['*__delete_*'] },
      ro: { read_only: true },
      finder: { discovery: true, pinned: ['everything__echo'], description: 'search first' },
      router: { servers: ['orchestrator'] },
    });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.config.profiles![1]).toEqual({
      name: 'picked',
      tools: ['memory__*', 'everything__echo'],
      exclude: ['*__delete_*'],
      readOnly: false,
      discovery: false,
      pinned: [],
    });
    const again = parseConfigValue(JSON.parse(serializeConfig(res.config)));
    expect(again.ok && again.config.profiles).toEqual(res.config.profiles);
  });

  it('names every problem with its JSON path', () => {
    const res = parse({
      'bad name': {},
      ghost: { servers: ['memory', 'nowhere'] },
      typo: { tool: ['x'] },
      dotted: { tools: ['memory.read'] },
      empty: { servers: [] },
      wrong: { read_only: 'yes' },
    });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    const issues = res.issues.map((i) => `${i.path}: ${i.message}`);
    expect(issues).toContain(
      'profiles["bad name"]: profile name "bad name" must be 1-48 characters of letters, digits, "_" or "-" (it becomes the endpoint path /mcp/<name>)',
    );
    expect(issues.find((i) => i.startsWith('profiles.ghost.servers[1]'))).toContain('unknown server "nowhere"');
    expect(issues).toContain('profiles.typo: unknown key "tool"');
    expect(issues.find((i) => i.startsWith('profiles.dotted.tools[0]'))).toContain('can never match');
    expect(issues).toContain('profiles.empty.servers: must have at least 1 item');
    expect(issues).toContain('profiles.wrong.read_only: expected true or false, got string');
  });

  it('a config without profiles stays without them', () => {
    const res = parseConfigValue({ servers });
    expect(res.ok && res.config.profiles).toBeUndefined();
    expect(res.ok && serializeConfig(res.config)).not.toContain('profiles');
  });
});

describe('profile selection', () => {
  it('globs match whole names with * and ?', () => {
    expect(globToRegExp('memory__*').test('memory__read_graph')).toBe(true);
    expect(globToRegExp('memory__*').test('xmemory__read')).toBe(false);
    expect(globToRegExp('everything__ech?').test('everything__echo')).toBe(true);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
  });

  it('applies servers, tools, exclude and read_only together; disabled tools never', () => {
    const pick = (p: Partial<ProfileConfig>) => selectProfileTools({ ...base, ...p }, tools).map((t) => t.name);
    expect(pick({})).toEqual(['memory__read_graph', 'memory__delete_entities', 'everything__echo', 'chat']);
    expect(pick({ servers: ['memory'] })).toEqual(['memory__read_graph', 'memory__delete_entities']);
    expect(pick({ tools: ['*__*'], exclude: ['*__delete_*'] })).toEqual(['memory__read_graph', 'everything__echo']);
    expect(pick({ readOnly: true })).toEqual(['memory__read_graph', 'everything__echo']);
    expect(inProfile({ ...base, servers: ['everything'] }, tools[3])).toBe(false);
  });

  it('resources follow `servers`, else the servers that contribute a tool, else all', () => {
    expect(profileServerSet({ ...base, servers: ['memory'] }, [])).toEqual(new Set(['memory']));
    expect(profileServerSet({ ...base, tools: ['everything__*'] }, [tools[2]])).toEqual(new Set(['everything']));
    expect(profileServerSet({ ...base, readOnly: true }, [tools[0]])).toBeNull();
  });

  it('knows the client limits', () => {
    expect(exceededLimits(40)).toEqual([]);
    expect(exceededLimits(41).map((c) => c.client)).toEqual(['Cursor']);
    expect(exceededLimits(135).map((c) => c.client)).toEqual(['Cursor', 'VS Code']);
  });
});
