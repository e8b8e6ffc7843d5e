import { describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../../../shared/types.js';
import { compareConfigs, deepEqual } from '../../../../electron/core/supervisor/config-diff.js';

const base: ServerConfig = {
  id: 'x',
  name: 'X',
  description: '',
  transport: 'stdio',
  command: 'node',
  args: ['a'],
  env: { A: '1', B: '2' },
  headers: {},
  requiredEnv: [],
  enabled: true,
  autostart: true,
  disabledTools: [],
};

describe('config diff', () => {
  it('ignores key order and treats undefined like missing', () => {
    expect(deepEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(deepEqual({ a: 1, u: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual({ a: [] }, { a: {} })).toBe(false);
  });

  it('classifies changes', () => {
    expect(compareConfigs(base, { ...base, env: { B: '2', A: '1' } })).toBe('same');
    expect(compareConfigs(base, { ...base, name: 'Y', disabledTools: ['t'], timeoutMs: 5 })).toBe('soft');
    expect(compareConfigs(base, { ...base, args: ['b'] })).toBe('restart');
    expect(compareConfigs(base, { ...base, env: { A: '1' } })).toBe('restart');
    expect(compareConfigs(base, { ...base, requiredEnv: ['K'] })).toBe('restart');
    expect(compareConfigs(base, { ...base, enabled: false })).toBe('restart');
    // Sandbox (issue 22 item 6): the child must be spawned again for a new sandbox to apply.
    expect(compareConfigs(base, { ...base, sandbox: 'auto' })).toBe('restart');
    expect(
      compareConfigs(
        { ...base, sandbox: { network: true, read: [], write: [] } },
        { ...base, sandbox: { network: false, read: [], write: [] } },
      ),
    ).toBe('restart');
  });
});
