// Where API keys live. The OS keychain (keytar) when it works; otherwise a store that
// reads nothing and refuses writes, so environment variables keep working.
import { RESERVED_NAMES } from '../../../shared/env-names.js';
import { AppError, ErrorCode } from '../../../shared/errors.js';
import type { Logger } from '../env.js';

export type SecretStoreKind = 'keychain' | 'unavailable' | 'memory';

export interface SecretStore {
  readonly kind: SecretStoreKind;
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<boolean>;
  list(): Promise<string[]>;
}

export const DEFAULT_SECRET_SERVICE = 'mcp-orchestrator';
export const SECRET_NAME_PATTERN = /^[A-Z][A-Z0-9_]{0,127}$/;
/** Internal accounts kept in the same keychain service but not shown as user secrets (one list, in shared/). */
export const RESERVED_SECRET_NAMES: readonly string[] = RESERVED_NAMES;

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

const visible = (names: string[]) =>
  names.filter((n) => SECRET_NAME_PATTERN.test(n) && !RESERVED_SECRET_NAMES.includes(n)).sort();

/** The subset of keytar we use. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

/** keytar is an optional native dependency, so it is only ever imported lazily. */
export async function loadKeytar(): Promise<KeytarLike> {
  const mod = (await import('keytar')) as unknown as { default?: KeytarLike } & Partial<KeytarLike>;
  const api = (mod.default ?? mod) as KeytarLike;
  if (typeof api?.findCredentials !== 'function') throw new Error('keytar module has no findCredentials');
  return api;
}

export class KeytarSecretStore implements SecretStore {
  readonly kind = 'keychain' as const;
  constructor(
    private readonly keytar: KeytarLike,
    readonly service: string = DEFAULT_SECRET_SERVICE,
  ) {}

  static async open(service: string = DEFAULT_SECRET_SERVICE): Promise<KeytarSecretStore> {
    return new KeytarSecretStore(await loadKeytar(), service);
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
      const detail = err instanceof Error ? err.message : String(err);
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

export const KEYRING_HELP =
  'No OS keychain is available, so secrets cannot be saved here. Environment variables still work ' +
  '(e.g. export OPENAI_API_KEY=...). On Linux, install and unlock a Secret Service keyring ' +
  '(gnome-keyring or KWallet with libsecret), make sure a D-Bus session is running ' +
  '(DBUS_SESSION_BUS_ADDRESS is set), then restart the orchestrator.';

export class UnavailableSecretStore implements SecretStore {
  readonly kind = 'unavailable' as const;
  constructor(readonly reason: string = 'keytar could not be loaded') {}
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
  /** For tests: replaces the dynamic import of keytar. */
  loadKeytar?: () => Promise<KeytarLike>;
}

/** Probe keytar once; on any failure warn once and fall back to the unavailable store. */
export async function createSecretStore(opts: CreateSecretStoreOptions): Promise<SecretStore> {
  const service = opts.service ?? DEFAULT_SECRET_SERVICE;
  const timeoutMs = opts.probeTimeoutMs ?? 3000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const keytar = await (opts.loadKeytar ?? loadKeytar)();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`keychain did not answer within ${timeoutMs} ms`)), timeoutMs);
      timer.unref();
    });
    await Promise.race([keytar.findCredentials(service), timeout]);
    opts.logger.debug('secret store: OS keychain', { service });
    return new KeytarSecretStore(keytar, service);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    opts.logger.warn(`OS keychain unavailable, secrets come from environment variables only. ${KEYRING_HELP}`, {
      reason,
    });
    return new UnavailableSecretStore(reason);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
