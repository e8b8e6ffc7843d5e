// Reload says what it did: which changed settings are live now, and which wait for a restart.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../../shared/config-schema.js';
import { changedSettings, settingsOutcome } from '../../../../electron/core/config/settings-change.js';
import type { OrchestratorSettings } from '../../../../shared/types.js';

const base: OrchestratorSettings = { ...DEFAULT_SETTINGS, routing: { ...DEFAULT_SETTINGS.routing } };
const withs = (patch: Partial<OrchestratorSettings>): OrchestratorSettings => ({ ...base, ...patch });

describe('settings changes', () => {
  it('names changed settings by their file keys, routing included', () => {
    const next = withs({ defaultTimeoutMs: 5_000, routing: { ...base.routing, chatPreference: ['groq'] } });
    expect(changedSettings(base, next)).toEqual(['orchestrator.default_timeout', 'orchestrator.routing.chat_preference']);
    expect(changedSettings(base, base)).toEqual([]);
  });

  it('default_timeout and retry_attempts apply live; port and host need a restart', () => {
    const next = withs({ defaultTimeoutMs: 1_000, retryAttempts: 0, port: 9000, host: 'localhost' });
    expect(settingsOutcome(base, base, next)).toEqual({
      applied: ['orchestrator.default_timeout', 'orchestrator.retry_attempts'],
      needsRestart: ['orchestrator.host', 'orchestrator.port'],
    });
  });

  it('a restart-only setting stays pending over later edits, and clears when set back', () => {
    const moved = withs({ port: 9000 });
    const later = withs({ port: 9000, retryAttempts: 1 });
    expect(settingsOutcome(base, moved, later)).toEqual({ applied: ['orchestrator.retry_attempts'], needsRestart: ['orchestrator.port'] });
    expect(settingsOutcome(base, later, withs({ retryAttempts: 1 })).needsRestart).toEqual([]);
  });
});
