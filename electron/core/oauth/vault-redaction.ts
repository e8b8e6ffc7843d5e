// Every token and client secret the vault reads or writes joins the redactor, so none of them can
// leave the core in a log line, the protocol log, an error or status, whoever would print it.
import type { VaultBackend } from './oauth-vault.js';

const SECRET_FIELDS = [
  ['tokens', 'access_token'],
  ['tokens', 'refresh_token'],
  ['tokens', 'id_token'],
  ['client', 'client_secret'],
] as const;

export function redactingBackend(inner: VaultBackend, addSecret: (value: string) => void): VaultBackend {
  const learn = (text: string | undefined) => {
    if (!text) return;
    try {
      const record = JSON.parse(text) as Record<string, Record<string, unknown> | undefined>;
      for (const [part, field] of SECRET_FIELDS) {
        const value = record[part]?.[field];
        if (typeof value === 'string' && value) addSecret(value);
      }
    } catch {
      // not a record of ours: nothing to learn
    }
  };
  return {
    get: async (name) => {
      const text = await inner.get(name);
      learn(text);
      return text;
    },
    set: async (name, value) => {
      learn(value);
      await inner.set(name, value);
    },
    delete: (name) => inner.delete(name),
  };
}
