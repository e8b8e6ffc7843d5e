// Resolves environment names for child servers: keychain first, then the process env.
// Every value handed out is registered with the redactor so it can never be logged.
import { errorMessage } from '../../../shared/errors.js';
import { isReservedName, looksSecretName } from '../../../shared/env-names.js';
import type { SecretInfo } from '../../../shared/types.js';
import type { Logger } from '../env.js';
import type { Redactor } from './redact.js';
import { SECRET_NAME_PATTERN, type SecretStore } from './secret-store.js';

export class SecretResolver {
  /** Names the config declares as needed secrets (required_env); their values are redacted wherever they came from. */
  isDeclaredSecret: (name: string) => boolean = () => false;

  constructor(
    private readonly store: SecretStore,
    private readonly processEnv: Record<string, string | undefined>,
    private readonly redactor: Redactor,
    private readonly logger?: Logger,
  ) {}

  get storeKind(): SecretStore['kind'] {
    return this.store.kind;
  }

  async resolve(names: string[]): Promise<Record<string, string | undefined>> {
    const out: Record<string, string | undefined> = {};
    for (const name of unique(names)) {
      const found = await this.lookup(name);
      // Settings such as base URLs or model names are not masked: that would blank them out of every log and reply.
      if (found && (found.source === 'keychain' || looksSecretName(name) || this.isDeclaredSecret(name))) this.redactor.add(found.value);
      out[name] = found?.value;
    }
    return out;
  }

  /** Where each name resolves from; values are never returned. */
  async sources(names: string[]): Promise<SecretInfo[]> {
    const infos: SecretInfo[] = [];
    for (const name of unique(names)) {
      const found = await this.lookup(name);
      infos.push({ name, source: found?.source ?? 'missing' });
    }
    return infos;
  }

  /**
   * Registers the values of inherited variables whose names look secret (*_KEY, *_TOKEN, ...), so they are
   * masked in logs, status and events even though no server asked for them.
   */
  registerInheritedSecrets(): number {
    let n = 0;
    for (const [name, value] of Object.entries(this.processEnv)) {
      if (value && (looksSecretName(name) || isReservedName(name))) {
        this.redactor.add(value);
        n++;
      }
    }
    return n;
  }

  private async lookup(name: string): Promise<{ value: string; source: 'keychain' | 'env' } | undefined> {
    // Internal names (the gateway token) never resolve into a server's args, env or headers.
    if (isReservedName(name)) return undefined;
    // Names that cannot be keychain accounts (lower-case env vars, say) still resolve from env.
    if (SECRET_NAME_PATTERN.test(name)) {
      try {
        const v = await this.store.get(name);
        if (v) return { value: v, source: 'keychain' };
      } catch (err) {
        // A keychain hiccup must not hide a value the user also exported.
        this.logger?.warn('keychain read failed, falling back to environment', {
          name,
          error: errorMessage(err),
        });
      }
    }
    const env = this.processEnv[name];
    return env ? { value: env, source: 'env' } : undefined;
  }
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}
