// Unknown keys in `orchestrator` and `orchestrator.routing` are errors at their JSON path with the
// closest valid name; the host must be one the gateway binds to.
import { describe, expect, it } from 'vitest';
import { parseConfigText, serializeConfig } from '../../../shared/config-schema.js';
import { GATEWAY_HOSTS } from '../../../shared/config-schema-settings.js';
import { isLoopbackHost as gatewayAccepts } from '../../../electron/core/gateway/http-guard.js';

const parse = (orchestrator: unknown) => parseConfigText(JSON.stringify({ servers: {}, orchestrator }));
const issuesOf = (orchestrator: unknown) => {
  const r = parse(orchestrator);
  return r.ok ? [] : r.issues;
};

describe('unknown keys in the orchestrator section', () => {
  it('a typo is an error at its path, naming the key it likely meant', () => {
    const issues = issuesOf({ port: 8000, retry_atempts: 3 });
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('orchestrator.retry_atempts');
    expect(issues[0].message).toMatch(/^unknown key "retry_atempts"; did you mean "retry_attempts"\?/);
    expect(issues[0].message).toContain('default_timeout');
  });

  it('the same inside routing, and a key nothing resembles gets no guess', () => {
    const issues = issuesOf({ routing: { chat_preferense: ['openai'], frobnicate: 1 } });
    expect(issues.map((i) => i.path)).toEqual(['orchestrator.routing.chat_preferense', 'orchestrator.routing.frobnicate']);
    expect(issues[0].message).toContain('did you mean "chat_preference"?');
    expect(issues[1].message).not.toContain('did you mean');
  });

  it('every key the schema writes is a key it reads: a full non-default section round-trips', () => {
    const r = parse({
      host: 'localhost',
      port: 1234,
      default_timeout: 5,
      retry_attempts: 1,
      ping_interval: 20,
      ping_timeout: 5,
      backoff_initial: 2,
      backoff_max: 30,
      crash_loop_max_restarts: 2,
      crash_loop_window: 60,
      max_sessions: 8,
      session_idle: 60,
      max_body_bytes: 2048,
      routing: {
        chat_preference: ['groq'],
        embed_preference: ['openai'],
        breaker_failures: 2,
        breaker_cooldown: 5,
        embed_cache_ttl: 0,
        embed_cache_max_entries: 1,
      },
    });
    expect(r.ok && r.config.orchestrator.retryAttempts).toBe(1);
    if (!r.ok) return;
    expect(parseConfigText(serializeConfig(r.config)).ok).toBe(true);
  });
});

describe('the gateway host', () => {
  it('refuses any host the gateway would refuse, 127.0.0.2 included', () => {
    for (const host of ['127.0.0.2', '0.0.0.0', '[::1]', '192.168.1.2', 'example.com']) {
      const issues = issuesOf({ host });
      expect(issues.map((i) => i.path)).toEqual(['orchestrator.host']);
      expect(gatewayAccepts(host)).toBe(false);
    }
  });

  it('accepts exactly the hosts the gateway binds to', () => {
    for (const host of GATEWAY_HOSTS) {
      expect(parse({ host }).ok).toBe(true);
      expect(gatewayAccepts(host)).toBe(true);
    }
  });
});
