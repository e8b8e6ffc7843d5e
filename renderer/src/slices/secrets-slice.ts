import type { SecretInfo } from '../../../shared/types.js';
import type { SliceCreator } from './helpers.js';
import { unwrap } from './helpers.js';

export interface SecretsSlice {
  secrets: SecretInfo[];
  loadSecrets(): Promise<void>;
  /** Values go straight to the core; the store never keeps them. */
  setSecret(name: string, value: string): Promise<boolean>;
  deleteSecret(name: string): Promise<boolean>;
}

export const createSecretsSlice: SliceCreator<SecretsSlice> = (client) => (set, get) => {
  // Presence of env vars shows in status too, so refresh both after a change.
  const refresh = async () => {
    await Promise.all([get().loadSecrets(), get().refreshStatus()]);
  };
  return {
    secrets: [],
    loadSecrets: async () => {
      const secrets = unwrap(get, await client.listSecrets(), 'Secrets');
      if (secrets) set({ secrets });
    },
    setSecret: async (name, value) => {
      const done = unwrap(get, await client.setSecret(name, value), `Save ${name}`) !== undefined;
      if (done) await refresh();
      return done;
    },
    deleteSecret: async (name) => {
      const done = unwrap(get, await client.deleteSecret(name), `Clear ${name}`) !== undefined;
      if (done) await refresh();
      return done;
    },
  };
};
