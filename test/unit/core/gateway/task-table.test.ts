// The gateway's task table: ids bound to their credential and endpoint, not guessable, bounded in count and time.
import { describe, expect, it } from 'vitest';
import { TaskTable } from '../../../../electron/core/gateway/task-table.js';

const clockAt = (t = 0) => ({
  t,
  now() {
    return this.t;
  },
});
const bind = (owner = 'alice', endpoint = '/mcp', childTaskId = 'c1') => ({ server: 'tasks', childTaskId, owner, endpoint });

describe('the task table', () => {
  it('finds a task for the credential and endpoint that created it, and for nobody else', () => {
    const table = new TaskTable(clockAt());
    const id = table.add(bind())!;
    expect(table.lookup(id, 'alice', '/mcp')).toEqual(bind());
    expect(table.lookup(id, 'bob', '/mcp')).toBeUndefined();
    expect(table.lookup(id, 'alice', '/mcp/work')).toBeUndefined();
    expect(table.lookup('c1', 'alice', '/mcp')).toBeUndefined(); // the child's own id is not a gateway id
  });

  it('gives random ids that do not reveal the child id, and distinct ones for the same child task', () => {
    const table = new TaskTable(clockAt());
    const a = table.add(bind('alice', '/mcp', 'same'))!;
    const b = table.add(bind('bob', '/mcp', 'same'))!;
    expect(a).not.toBe(b);
    expect(a).not.toContain('same');
    expect(a).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });

  it('forgets a task ttlMs after its last use, on the clock it was given', () => {
    const clock = clockAt();
    const table = new TaskTable(clock, { maxTasks: 10, maxPerOwner: 10, ttlMs: 1_000 });
    const id = table.add(bind())!;
    clock.t = 900;
    expect(table.lookup(id, 'alice', '/mcp')).toBeDefined(); // a use extends it
    clock.t = 1_800;
    expect(table.lookup(id, 'alice', '/mcp')).toBeDefined();
    clock.t = 2_800;
    expect(table.lookup(id, 'alice', '/mcp')).toBeUndefined();
    expect(table.size()).toBe(0);
  });

  it('bounds each credential (its least recently used goes) and the whole table (refused when full)', () => {
    const table = new TaskTable(clockAt(), { maxTasks: 3, maxPerOwner: 2, ttlMs: 1_000 });
    const a1 = table.add(bind('alice'))!;
    const a2 = table.add(bind('alice'))!;
    table.lookup(a1, 'alice', '/mcp'); // a2 is now the least recently used
    const a3 = table.add(bind('alice'))!;
    expect(table.lookup(a2, 'alice', '/mcp')).toBeUndefined();
    expect(table.lookup(a1, 'alice', '/mcp')).toBeDefined();
    expect(table.lookup(a3, 'alice', '/mcp')).toBeDefined();
    expect(table.add(bind('bob'))).toBeDefined();
    expect(table.add(bind('carol'))).toBeUndefined();
    expect(table.size()).toBe(3);
  });

  it('drops a revoked credential’s tasks', () => {
    const table = new TaskTable(clockAt());
    const id = table.add(bind('alice'))!;
    const other = table.add(bind('bob'))!;
    table.dropOwner('alice');
    expect(table.lookup(id, 'alice', '/mcp')).toBeUndefined();
    expect(table.lookup(other, 'bob', '/mcp')).toBeDefined();
  });
});
