// Orchestrator settings and a core env for tests that build the gateway, router or supervisor directly.
import { tmpdir } from 'node:os';
import { silentLogger, systemClock, type CoreEnv } from '../../electron/core/env.js';
import type { OrchestratorSettings, ProfileConfig, RoutingConfig } from '../../shared/types.js';

export function testSettings(overrides: Partial<OrchestratorSettings> = {}): OrchestratorSettings {
  return {
    host: '127.0.0.1',
    port: 0,
    defaultTimeoutMs: 10_000,
    retryAttempts: 0,
    pingIntervalMs: 30_000,
    pingTimeoutMs: 5_000,
    backoffInitialMs: 100,
    backoffMaxMs: 1_000,
    crashLoopMaxRestarts: 3,
    crashLoopWindowMs: 60_000,
    maxSessions: 16,
    sessionIdleMs: 60_000,
    maxBodyBytes: 1_000_000,
    clientBufferBytes: 1024 * 1024,
    maxMessageBytes: 64 * 1024 * 1024,
    auditMaxBytes: 10 * 1024 * 1024,
    approvalTimeoutMs: 120_000,
    routing: {
      chatPreference: [],
      embedPreference: [],
      strategy: 'priority',
      weights: {},
      maxInflight: {},
      breakerFailures: 3,
      breakerCooldownMs: 1_000,
      embedCacheTtlMs: 1_000,
      embedCacheMaxEntries: 10,
    },
    ...overrides,
  };
}

/** Settings for router tests: the three chat vendors in order, OpenAI for embeddings, a 30 s breaker cooldown. */
export function routerSettings(routing: Partial<RoutingConfig> = {}): OrchestratorSettings {
  return testSettings({
    defaultTimeoutMs: 5000,
    retryAttempts: 1,
    crashLoopMaxRestarts: 5,
    maxSessions: 10,
    routing: {
      chatPreference: ['openai', 'groq', 'local_llama'],
      embedPreference: ['openai'],
      strategy: 'priority',
      weights: {},
      maxInflight: {},
      breakerFailures: 3,
      breakerCooldownMs: 30_000,
      embedCacheTtlMs: 60_000,
      embedCacheMaxEntries: 100,
      ...routing,
    },
  });
}

export function testEnv(): CoreEnv {
  return { logger: silentLogger, clock: systemClock, dataDir: tmpdir(), processEnv: {} };
}

/** A profile with the schema's defaults (nothing excluded, not read-only, no discovery, nothing pinned). */
export function testProfile(name: string, overrides: Partial<ProfileConfig> = {}): ProfileConfig {
  return { name, exclude: [], readOnly: false, discovery: false, pinned: [], ...overrides };
}
