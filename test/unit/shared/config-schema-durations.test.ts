// Durations in the config are waited on with timers, which cannot wait longer than 2^31 - 1 ms: a
// longer one fires after 1 ms. The schema refuses such a duration at its JSON path, and takes the
// longest one a timer can wait.
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../shared/config-schema.js';
import { MAX_DURATION_S } from '../../../shared/config-schema-durations.js';

const parse = (config: unknown) => parseConfigText(JSON.stringify(config));
const issuesOf = (config: unknown) => {
  const r = parse(config);
  return r.ok ? [] : r.issues.map((i) => ({ path: i.path, message: i.message }));
};
const TOO_LONG = /must be at most 2147483 seconds \(about 24 days\), the longest a timer can wait/;

describe('durations a timer can wait for', () => {
  it('a server timeout or an orchestrator duration past what a timer can wait is an error at its path', () => {
    const issues = issuesOf({
      servers: { slow: { command: 'node', timeout: 3_000_000 } },
      orchestrator: { ping_interval: 1e9, session_idle: MAX_DURATION_S + 1, routing: { breaker_cooldown: 1e10 } },
    });
    expect(issues.map((i) => i.path).sort()).toEqual([
      'orchestrator.ping_interval',
      'orchestrator.routing.breaker_cooldown',
      'orchestrator.session_idle',
      'servers.slow.timeout',
    ]);
    for (const i of issues) expect(i.message).toMatch(TOO_LONG);
  });

  it('the longest a timer can wait is taken, and kept in milliseconds a timer accepts', () => {
    const r = parse({
      servers: { slow: { command: 'node', timeout: MAX_DURATION_S } },
      orchestrator: { default_timeout: MAX_DURATION_S, approval_timeout: MAX_DURATION_S },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const ms = [r.config.servers[0].timeoutMs!, r.config.orchestrator.defaultTimeoutMs, r.config.orchestrator.approvalTimeoutMs];
    for (const v of ms) expect(v).toBe(MAX_DURATION_S * 1000);
    expect(MAX_DURATION_S * 1000).toBeLessThanOrEqual(2 ** 31 - 1);
  });
});
