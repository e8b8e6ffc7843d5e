// orchestrator.routing's load-balancing keys: strategy, weights, max_inflight (parsing, errors at
// their JSON path, vendors that must be configured servers, and the round trip).
import { describe, expect, it } from 'vitest';
import { parseConfigText, serializeConfig } from '../../../shared/config-schema.js';

const servers = { openai: { builtin: 'openai' }, groq: { builtin: 'groq' } };
const parse = (routing: unknown) => parseConfigText(JSON.stringify({ servers, orchestrator: { routing } }));
const issues = (routing: unknown) => {
  const r = parse(routing);
  if (r.ok) throw new Error('expected the config to be refused');
  return Object.fromEntries(r.issues.map((i) => [i.path, i.message]));
};

describe('routing strategy, weights and max_inflight', () => {
  it('defaults to priority with no weights or limits', () => {
    const r = parse({});
    expect(r.ok && r.config.orchestrator.routing).toMatchObject({ strategy: 'priority', weights: {}, maxInflight: {} });
  });

  it('reads each key and writes it back unchanged', () => {
    const r = parse({ strategy: 'weighted', weights: { openai: 3, groq: 1 }, max_inflight: { groq: 4 } });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.config.orchestrator.routing).toMatchObject({
      strategy: 'weighted',
      weights: { openai: 3, groq: 1 },
      maxInflight: { groq: 4 },
    });
    const file = JSON.parse(serializeConfig(r.config)) as { orchestrator: { routing: unknown } };
    expect(file.orchestrator.routing).toEqual({ strategy: 'weighted', weights: { openai: 3, groq: 1 }, max_inflight: { groq: 4 } });
    for (const s of ['priority', 'round_robin', 'least_latency', 'least_inflight']) {
      const again = parse({ strategy: s });
      expect(again.ok && again.config.orchestrator.routing.strategy).toBe(s);
    }
  });

  it('refuses bad values at their JSON path', () => {
    expect(issues({ strategy: 'fastest' })['orchestrator.routing.strategy']).toMatch(
      /priority.*round_robin.*least_latency.*least_inflight.*weighted/,
    );
    expect(issues({ weights: { openai: -1 } })['orchestrator.routing.weights.openai']).toBe('must be at least 0');
    expect(issues({ weights: { openai: 'high' } })['orchestrator.routing.weights.openai']).toBe('expected a number, got string');
    expect(issues({ max_inflight: { groq: 0 } })['orchestrator.routing.max_inflight.groq']).toBe('must be at least 1');
    expect(issues({ max_inflight: { groq: 2.5 } })['orchestrator.routing.max_inflight.groq']).toBe('expected a whole number, got 2.5');
    expect(issues({ strategy: 'weighted', weights: { openai: 0, groq: 0 } })['orchestrator.routing.weights']).toMatch(/positive weight/);
  });

  it('counts the three keys as known: a typo of one gets a hint', () => {
    expect(issues({ stratgy: 'round_robin' })['orchestrator.routing.stratgy']).toMatch(/did you mean "strategy"\?/);
    expect(issues({ max_inflights: { groq: 2 } })['orchestrator.routing.max_inflights']).toMatch(/did you mean "max_inflight"\?/);
  });

  it('refuses weights and limits for a vendor that is not a configured server', () => {
    const found = issues({ weights: { opneai: 2 }, max_inflight: { mistral: 3 } });
    expect(found['orchestrator.routing.weights.opneai']).toBe(
      'unknown vendor "opneai": not a server id in this config (servers: openai, groq)',
    );
    expect(found['orchestrator.routing.max_inflight.mistral']).toMatch(/^unknown vendor "mistral"/);
  });
});
