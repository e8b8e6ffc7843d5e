// The message a client gets for chat, embed, search_web, get_weather or list_models while no
// running server offers it, instead of "Unknown tool: chat".
import { describe, expect, it } from 'vitest';
import { missingCapabilityMessage, type ServerFacts } from '../../../../electron/core/router/missing-capability.js';

const server = (id: string, patch: Partial<ServerFacts> = {}): ServerFacts => ({
  id,
  enabled: true,
  state: 'running',
  missingEnv: [],
  lastError: null,
  ...patch,
});

describe('missingCapabilityMessage', () => {
  it('says what to add when nothing configured could serve the tool', () => {
    expect(missingCapabilityMessage('chat', [server('memory')])).toBe(
      'no chat vendor is configured: add an openai/groq/local_llama server (e.g. "openai": {"builtin": "openai"} under "servers"), then store OPENAI_API_KEY or GROQ_API_KEY (mcp-orchestrator secrets set OPENAI_API_KEY)',
    );
    expect(missingCapabilityMessage('search_web', [])).toBe(
      'no web search server is configured: add a web_search server (e.g. "web_search": {"builtin": "web_search"} under "servers")',
    );
    expect(missingCapabilityMessage('list_models', [])).toMatch(/^no model vendor is configured: add an openai\/groq\/local_llama server/);
    expect(missingCapabilityMessage('get_weather', [])).toMatch(/^no weather server is configured: add a weather server/);
    expect(missingCapabilityMessage('embed', [])).toMatch(/^no embeddings vendor is configured: add an openai\/local_llama server/);
  });

  it('says why each configured vendor is not serving', () => {
    const servers = [
      server('openai', { builtin: 'openai', state: 'stopped', missingEnv: ['OPENAI_API_KEY'] }),
      server('groq', { builtin: 'groq', enabled: false }),
      server('local_llama', { builtin: 'local_llama', state: 'crashed', lastError: 'exited with code 1' }),
    ];
    expect(missingCapabilityMessage('chat', servers)).toBe(
      'no chat vendor is running: openai waits for OPENAI_API_KEY (store it: mcp-orchestrator secrets set OPENAI_API_KEY); groq is disabled (set "enabled": true); local_llama is crashed: exited with code 1',
    );
  });

  it('leaves every other unknown name alone', () => {
    expect(missingCapabilityMessage('memory__read_graph', [])).toBeUndefined();
    expect(missingCapabilityMessage('toString', [])).toBeUndefined();
  });
});
