// Where API keys live. The OS keychain (keytar or @napi-rs/keyring, see keychain-backends.ts) when it
// works; otherwise a store that reads nothing and refuses writes, so environment variables keep working.
import { errorMessage } from '../../../shared/errors.js';
import { RESERVED_NAMES } from '../../../shared/env-names.js';
import { AppError, ErrorCode } from '../../../shared/errors.js';
import { systemClock, type Logger, type TimerHandle, type Timers } from '../env.js';
import { loadKeychain, preferredBackend, type KeychainBackend, type KeytarLike, type LoadedKeychain } from './keychain-backends.js';

export { loadKeychain, type KeychainBackend, type KeytarLike } from './keychain-backends.js';

type SecretStoreKind = 'keychain' | 'unavailable' | 'memory';

export interface SecretStore {
  readonly kind: SecretStoreKind;
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<boolean>;
  list(): Promise<string[]>;
}

const DEFAULT_SECRET_SERVICE = 'mcp-orchestrator';
export const SECRET_NAME_PATTERN = /^[A-Z][A-Z0-9_]{0,127}$/;
/** Internal accounts kept in the same keychain service but not shown as user secrets (one list, in shared/). */
const RESERVED_SECRET_NAMES: readonly string[] = RESERVED_NAMES;

export function assertSecretName(name: string): void {
  if (typeof name !== 'string' || !SECRET_NAME_PATTERN.test(name)) {
    throw new AppError(
      ErrorCode.SECRET_NAME_INVALID,
      `invalid secret name "${String(name).slice(0, 40)}": use an environment-style name like OPENAI_API_KEY (A-Z, 0-9, _; starts with a letter)`,
    );
  }
}

function assertValue(value: string): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw new AppError(ErrorCode.BAD_REQUEST, 'secret value must be a non-empty string');
  }
}

const visible = (names: string[]) => names.filter((n) => SECRET_NAME_PATTERN.test(n) && !RESERVED_SECRET_NAMES.includes(n)).sort();

/** The OS keychain through either backend (both have keytar's API shape). */
export class KeytarSecretStore implements SecretStore {
  readonly kind = 'keychain' as const;
  constructor(
    private readonly keytar: KeytarLike,
    readonly service: string = DEFAULT_SECRET_SERVICE,
    readonly backend: KeychainBackend | 'custom' = 'custom',
  ) {}

  static async open(service: string = DEFAULT_SECRET_SERVICE, prefer: KeychainBackend | 'auto' = 'auto'): Promise<KeytarSecretStore> {
    const { api, backend } = await loadKeychain(prefer);
    return new KeytarSecretStore(api, service, backend);
  }

  async get(name: string): Promise<string | undefined> {
    assertSecretName(name);
    const v = await this.guard('read', () => this.keytar.getPassword(this.service, name));
    return v ?? undefined;
  }

  async set(name: string, value: string): Promise<void> {
    assertSecretName(name);
    assertValue(value);
    await this.guard('write', () => this.keytar.setPassword(this.service, name, value));
  }

  async delete(name: string): Promise<boolean> {
    assertSecretName(name);
    return this.guard('delete', () => this.keytar.deletePassword(this.service, name));
  }

  async list(): Promise<string[]> {
    const creds = await this.guard('list', () => this.keytar.findCredentials(this.service));
    return visible(creds.map((c) => c.account));
  }

  // keytar rejects with bare strings or platform errors; give callers one error code.
  private async guard<T>(op: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const detail = errorMessage(err);
      throw new AppError(ErrorCode.SECRET_STORE_UNAVAILABLE, `OS keychain ${op} failed: ${detail}`);
    }
  }
}

export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory' as const;
  private readonly map = new Map<string, string>();
  constructor(initial: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(initial)) this.map.set(k, v);
  }
  async get(name: string): Promise<string | undefined> {
    assertSecretName(name);
    return this.map.get(name);
  }
  async set(name: string, value: string): Promise<void> {
    assertSecretName(name);
    assertValue(value);
    this.map.set(name, value);
  }
  async delete(name: string): Promise<boolean> {
    assertSecretName(name);
    return this.map.delete(name);
  }
  async list(): Promise<string[]> {
    return visible([...this.map.keys()]);
  }
}

const KEYRING_HELP =
  'No OS keychain is available, so secrets cannot be saved here. Environment variables still work ' +
  '(e.g. export OPENAI_API_KEY=...). On Linux, install and unlock a Secret Service keyring ' +
  '(gnome-keyring or KWallet with libsecret), make sure a D-Bus session is running ' +
  '(DBUS_SESSION_BUS_ADDRESS is set), then restart the orchestrator.';

export class UnavailableSecretStore implements SecretStore {
  readonly kind = 'unavailable' as const;
  constructor(readonly reason: string = 'no keychain module could be loaded') {}
  async get(name: string): Promise<string | undefined> {
    assertSecretName(name);
    return undefined;
  }
  async set(name: string, _value: string): Promise<void> {
    assertSecretName(name);
    throw new AppError(ErrorCode.SECRET_STORE_UNAVAILABLE, `${KEYRING_HELP} (reason: ${this.reason})`);
  }
  async delete(name: string): Promise<boolean> {
    assertSecretName(name);
    throw new AppError(ErrorCode.SECRET_STORE_UNAVAILABLE, `${KEYRING_HELP} (reason: ${this.reason})`);
  }
  async list(): Promise<string[]> {
    return [];
  }
}

export interface CreateSecretStoreOptions {
  service?: string;
  logger: Logger;
  /** How long the keychain probe may take before we give up on it. */
  probeTimeoutMs?: number;
  /** Times the probe; the process's own timers when not given (the CLI has no core env). */
  timers?: Timers;
  /** For tests: replaces loading a keychain module. */
  loadKeytar?: () => Promise<KeytarLike>;
  /** Which module to use; default from MCP_ORCHESTRATOR_KEYCHAIN_BACKEND, else keytar if it loads, else @napi-rs/keyring. */
  backend?: KeychainBackend | 'auto';
}

async function load(opts: CreateSecretStoreOptions): Promise<LoadedKeychain | { api: KeytarLike; backend: 'custom' }> {
  if (opts.loadKeytar) return { api: await opts.loadKeytar(), backend: 'custom' };
  return loadKeychain(opts.backend ?? preferredBackend(process.env));
}

/** Probe the keychain once; on any failure warn once and fall back to the unavailable store. */
export async function createSecretStore(opts: CreateSecretStoreOptions): Promise<SecretStore> {
  const service = opts.service ?? DEFAULT_SECRET_SERVICE;
  const timeoutMs = opts.probeTimeoutMs ?? 3000;
  const timers = opts.timers ?? systemClock;
  let timer: TimerHandle | undefined;
  try {
    const { api: keytar, backend } = await load(opts);
    const timeout = new Promise<never>((_, reject) => {
      timer = timers.setTimeout(() => reject(new Error(`keychain did not answer within ${timeoutMs} ms`)), timeoutMs);
      timer.unref();
    });
    await Promise.race([keytar.findCredentials(service), timeout]);
    opts.logger.debug('secret store: OS keychain', { service, backend });
    return new KeytarSecretStore(keytar, service, backend);
  } catch (err) {
    const reason = errorMessage(err);
    opts.logger.warn(`OS keychain unavailable, secrets come from environment variables only. ${KEYRING_HELP}`, {
      reason,
    });
    return new UnavailableSecretStore(reason);
  } finally {
    if (timer) timers.clearTimeout(timer);
  }
}
