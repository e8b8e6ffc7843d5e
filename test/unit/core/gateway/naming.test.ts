import { describe, expect, it } from 'vitest';
import { TOOL_NAME_PATTERN } from '../../../../shared/contract.js';
import { NameTable, namespacedName, sanitizeName } from '../../../../electron/core/gateway/naming.js';

describe('namespacedName', () => {
  it('joins namespace and tool with __', () => {
    expect(namespacedName('memory', 'create_entities')).toBe('memory__create_entities');
  });

  it('leaves an un-namespaced name as is', () => {
    expect(namespacedName(null, 'chat')).toBe('chat');
  });

  it('replaces invalid characters with _', () => {
    expect(namespacedName('my.server', 'do thing/now')).toBe('my_server__do_thing_now');
    expect(namespacedName(null, 'héllo')).toBe('h_llo');
    expect(sanitizeName('')).toBe('_');
  });

  it('shortens over-long names deterministically with a readable prefix', () => {
    const long = 'x'.repeat(100);
    const a = namespacedName('srv', long);
    expect(a).toMatch(TOOL_NAME_PATTERN);
    expect(a.length).toBe(64);
    expect(a.startsWith('srv__xxxx')).toBe(true);
    expect(namespacedName('srv', long)).toBe(a);
    // Same prefix, different tail: the hash keeps them apart.
    expect(namespacedName('srv', long + 'y')).not.toBe(a);
  });

  it('always yields a valid name', () => {
    for (const raw of ['a', 'ü'.repeat(80), 'tool:with:colons', '-_-', ' '.repeat(3)]) {
      expect(namespacedName('ns', raw)).toMatch(TOOL_NAME_PATTERN);
    }
  });
});

describe('NameTable', () => {
  it('maps public names both ways', () => {
    const t = new NameTable([
      { serverId: 'memory', namespace: 'memory', name: 'read_graph' },
      { serverId: 'router', namespace: null, name: 'chat' },
    ]);
    expect(t.resolve('memory__read_graph')).toEqual({ serverId: 'memory', originalName: 'read_graph' });
    expect(t.resolve('chat')).toEqual({ serverId: 'router', originalName: 'chat' });
    expect(t.publicName('memory', 'read_graph')).toBe('memory__read_graph');
    expect(t.resolve('read_graph')).toBeUndefined();
  });

  it('resolves collisions after sanitising by (serverId, name), whatever the input order', () => {
    const entries = [
      { serverId: 's', namespace: 's', name: 'a_b' },
      { serverId: 's', namespace: 's', name: 'a.b' },
      { serverId: 's', namespace: 's', name: 'a b' },
    ];
    const t1 = new NameTable(entries);
    const t2 = new NameTable([...entries].reverse());
    for (const t of [t1, t2]) {
      // Sorted: 'a b' < 'a.b' < 'a_b'.
      expect(t.publicName('s', 'a b')).toBe('s__a_b');
      expect(t.publicName('s', 'a.b')).toBe('s__a_b_2');
      expect(t.publicName('s', 'a_b')).toBe('s__a_b_3');
      expect(t.size).toBe(3);
    }
  });

  it('never hands a suffixed name that another entry owns as its base', () => {
    const t = new NameTable([
      { serverId: 's', namespace: 's', name: 'a.b' },
      { serverId: 's', namespace: 's', name: 'a_b' },
      { serverId: 's', namespace: 's', name: 'a_b_2' },
    ]);
    expect(t.publicName('s', 'a_b_2')).toBe('s__a_b_2');
    expect(t.publicName('s', 'a.b')).toBe('s__a_b');
    expect(t.publicName('s', 'a_b')).toBe('s__a_b_3');
  });

  it('keeps suffixed over-long names within 64 characters', () => {
    const base = 'y'.repeat(70);
    const t = new NameTable([
      { serverId: 'a.b', namespace: null, name: base },
      { serverId: 'a_b', namespace: null, name: base },
    ]);
    const names = [t.publicName('a.b', base), t.publicName('a_b', base)];
    expect(new Set(names).size).toBe(2);
    for (const n of names) expect(n).toMatch(TOOL_NAME_PATTERN);
  });
});

describe('NameTable with tool_prefix', () => {
  it('an empty prefix keeps the original name; a clash goes to the later server in id order, with its id prefix', () => {
    const entries = [
      { serverId: 'zeta', namespace: 'zeta', prefix: '', name: 'search' },
      { serverId: 'alpha', namespace: 'alpha', prefix: '', name: 'search' },
      { serverId: 'alpha', namespace: 'alpha', prefix: '', name: 'fetch' },
      { serverId: 'gh', namespace: 'gh', prefix: 'gh_', name: 'issues' },
    ];
    for (const t of [new NameTable(entries), new NameTable([...entries].reverse())]) {
      expect(t.publicName('alpha', 'search')).toBe('search');
      expect(t.publicName('zeta', 'search')).toBe('zeta__search');
      expect(t.publicName('alpha', 'fetch')).toBe('fetch');
      expect(t.publicName('gh', 'issues')).toBe('gh_issues');
      expect(t.collisions).toEqual([{ serverId: 'zeta', originalName: 'search', publicName: 'zeta__search', keptBy: 'alpha' }]);
    }
  });

  it("an un-prefixed name never steals another server's default name", () => {
    const t = new NameTable([
      { serverId: 'a', namespace: 'a', name: 'x' },
      { serverId: 'b', namespace: 'b', prefix: '', name: 'a__x' },
    ]);
    expect(t.publicName('a', 'x')).toBe('a__x');
    expect(t.publicName('b', 'a__x')).toBe('b__a__x');
  });

  it("a custom or empty prefix never publishes into another server's <id>__ namespace, even a name that server lacks", () => {
    const entries = [
      { serverId: 'everything', namespace: 'everything', name: 'echo' },
      // An imported entry claiming the other server's prefix, one whose prefix + name lands there, and an empty one.
      { serverId: 'evil', namespace: 'evil', prefix: 'everything__', name: 'add' },
      { serverId: 'sly', namespace: 'sly', prefix: 'every', name: 'thing__sum' },
      { serverId: 'bare', namespace: 'bare', prefix: '', name: 'everything__ping' },
      { serverId: 'bare', namespace: 'bare', prefix: '', name: 'bare__own' },
    ];
    for (const t of [new NameTable(entries), new NameTable([...entries].reverse())]) {
      expect(t.publicName('everything', 'echo')).toBe('everything__echo');
      expect(t.publicName('evil', 'add')).toBe('evil__add');
      expect(t.publicName('sly', 'thing__sum')).toBe('sly__thing__sum');
      expect(t.publicName('bare', 'everything__ping')).toBe('bare__everything__ping');
      // Its own namespace is its own.
      expect(t.publicName('bare', 'bare__own')).toBe('bare__own');
      expect(t.resolve('everything__add')).toBeUndefined();
      expect(t.collisions.map((c) => [c.serverId, c.keptBy]).sort()).toEqual([
        ['bare', 'everything'],
        ['evil', 'everything'],
        ['sly', 'everything'],
      ]);
    }
  });
});
