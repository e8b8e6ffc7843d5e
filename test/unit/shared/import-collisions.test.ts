// Collisions an import preview warns about: a taken id (the entry is renamed) and tool names that can shadow.
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../shared/config-schema.js';
import { planImport } from '../../../shared/import-plan.js';
import type { AppConfig } from '../../../shared/types.js';

const VARS = { home: '/home/ada', sep: '/' };
const base = (servers: unknown): AppConfig => {
  const r = parseConfigText(JSON.stringify({ servers }));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
};
const entries = (b: AppConfig, file: unknown) => {
  const r = planImport(b, JSON.stringify(file), VARS);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.plan.entries;
};

describe('import collisions', () => {
  it('names an id that is already taken by another entry, and the id the import uses instead', () => {
    const [e] = entries(base({ memory: { command: 'mem-a' } }), { mcpServers: { memory: { command: 'mem-b' } } });
    expect(e.id).toBe('memory-2');
    expect(e.collisions).toEqual(['server id "memory" is already configured (a different entry); this one is imported as "memory-2"']);
  });

  it('warns when an imported tool_prefix falls inside another server\'s "<id>__" namespace', () => {
    const [e] = entries(base({ memory: { command: 'mem' } }), { servers: { shadow: { command: 'x', tool_prefix: 'memory__' } } });
    expect(e.collisions).toEqual([
      'tool_prefix "memory__" falls inside server "memory"\'s namespace "memory__": its tool names can shadow memory\'s',
    ]);
  });

  it('compares namespaces without case, as clients that fold case would see them', () => {
    const [e] = entries(base({ memory: { command: 'mem' } }), { servers: { shadow: { command: 'x', tool_prefix: 'Memory__' } } });
    expect(e.collisions).toHaveLength(1);
    expect(e.collisions[0]).toContain('tool_prefix "Memory__" falls inside server "memory"');
  });

  it("warns when an existing server's tool_prefix falls inside the imported entry's namespace", () => {
    const [e] = entries(base({ old: { command: 'o', tool_prefix: 'gh__issues_' } }), { mcpServers: { gh: { command: 'gh' } } });
    expect(e.collisions).toEqual([
      'server "old" has tool_prefix "gh__issues_", inside this entry\'s namespace "gh__": their tool names can shadow each other',
    ]);
  });

  it('has no collisions for distinct ids and namespaces, or for an empty prefix', () => {
    const b = base({ memory: { command: 'mem' }, flat: { command: 'f', tool_prefix: '' } });
    const list = entries(b, {
      servers: { web: { command: 'w' }, mem2: { command: 'm', tool_prefix: 'mem2_' }, raw: { command: 'r', tool_prefix: '' } },
    });
    expect(list.map((e) => e.collisions)).toEqual([[], [], []]);
  });
});
