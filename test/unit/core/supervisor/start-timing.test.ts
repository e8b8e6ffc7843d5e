import { describe, expect, it } from 'vitest';
import { describeStart } from '../../../../electron/core/supervisor/status.js';

describe('describeStart', () => {
  it('splits a stdio start into waiting, spawn, boot+initialize and tools/list', () => {
    const text = describeStart(12, { begin: 100, t0: 140, connected: 652 }, 660);
    expect(text).toBe('ready in 560 ms (before spawn 40 ms, spawn 12 ms, boot+initialize 500 ms, tools/list 8 ms)');
  });

  it('leaves out the spawn part for http servers', () => {
    expect(describeStart(null, { begin: 0, t0: 0, connected: 30.4 }, 31)).toBe(
      'ready in 31 ms (before spawn 0 ms, boot+initialize 30 ms, tools/list 1 ms)',
    );
  });
});
