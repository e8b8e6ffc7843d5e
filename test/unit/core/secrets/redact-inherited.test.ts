import { describe, expect, it } from 'vitest';
import type { Logger } from '../../../../electron/core/env.js';
import { Redactor, redactingLogger } from '../../../../electron/core/secrets/redact.js';
import { SecretResolver } from '../../../../electron/core/secrets/resolver.js';
import { MemorySecretStore } from '../../../../electron/core/secrets/secret-store.js';

describe('redaction of inherited secrets', () => {
  it('registers values of inherited variables whose names look secret, and only those', () => {
    const redactor = new Redactor();
    const env = {
      GITHUB_TOKEN: 'plain-github-1',
      DB_PASSWORD: 'plain-db-pass',
      AWS_SECRET: 'plain-aws-sec',
      EDITOR: 'emacs-nox',
      HOME: '/home/user',
    };
    new SecretResolver(new MemorySecretStore(), env, redactor).registerInheritedSecrets();
    expect(redactor.redact('plain-github-1 plain-db-pass plain-aws-sec emacs-nox /home/user')).toBe(
      '[redacted] [redacted] [redacted] emacs-nox /home/user',
    );
  });

  it('masks resolved keys but not resolved settings (base URLs, model names)', async () => {
    const redactor = new Redactor();
    const env = {
      OPENAI_BASE_URL: 'http://127.0.0.1:8080/v1',
      LOCAL_LLM_MODEL: 'llama3.2',
      ACCOUNT: 'acct-value-1',
      GROQ_API_KEY: 'groq-value-1',
    };
    const resolver = new SecretResolver(new MemorySecretStore({ STORED_THING: 'stored-value-1' }), env, redactor);
    resolver.isDeclaredSecret = (n) => n === 'ACCOUNT';
    await resolver.resolve([...Object.keys(env), 'STORED_THING']);
    expect(redactor.redact('http://127.0.0.1:8080/v1 llama3.2 acct-value-1 groq-value-1 stored-value-1')).toBe(
      'http://127.0.0.1:8080/v1 llama3.2 [redacted] [redacted] [redacted]',
    );
  });

  it('never resolves a reserved name, from the keychain or the environment', async () => {
    const store = new MemorySecretStore();
    await store.set('GATEWAY_TOKEN', 'gateway-value');
    const resolver = new SecretResolver(store, { MCP_ORCHESTRATOR_TOKEN: 'client-token', OK_NAME: 'v' }, new Redactor());
    expect(await resolver.resolve(['GATEWAY_TOKEN', 'MCP_ORCHESTRATOR_TOKEN', 'OK_NAME'])).toEqual({
      GATEWAY_TOKEN: undefined,
      MCP_ORCHESTRATOR_TOKEN: undefined,
      OK_NAME: 'v',
    });
  });

  it('a redacting logger masks messages and fields before the inner logger sees them', () => {
    const lines: string[] = [];
    const inner: Logger = {
      debug: () => {},
      warn: () => {},
      error: () => {},
      info: (m, f) => lines.push(`${m} ${JSON.stringify(f)}`),
    };
    const redactor = new Redactor();
    redactor.add('value-of-key-1');
    redactingLogger(inner, redactor).info('saw value-of-key-1', { nested: { text: 'x value-of-key-1 y' }, apiKey: 'anything' });
    expect(lines).toEqual(['saw [redacted] {"nested":{"text":"x [redacted] y"},"apiKey":"[redacted]"}']);
  });
});
