// The two ways we reach the OS keychain. keytar (the original choice) is used when it is installed
// and its native build loads; otherwise @napi-rs/keyring, whose prebuilt N-API binaries come from
// the npm registry as per-platform optional packages, so it works after a plain `npm install` with
// no compiler, no install script and no download from elsewhere. Both store a generic password
// under (service, account), so on macOS they read each other's items; on Windows we use keytar's
// target name ("service/account") for the same effect. On Linux their Secret Service attributes
// differ, which is one more reason to keep using keytar where it already works.

/** The subset of keytar's API we use; the napi-rs backend is adapted to it. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export type KeychainBackend = 'keytar' | '@napi-rs/keyring';

export interface LoadedKeychain {
  api: KeytarLike;
  backend: KeychainBackend;
}

/** keytar is an optional native dependency, so it is only ever imported lazily. */
async function loadKeytar(): Promise<KeytarLike> {
  // A variable specifier: keytar is often not installed at all (npm 11 skips its unapproved install
  // script), and neither the type checker nor the bundler should require it.
  const specifier = 'keytar';
  const mod = (await import(specifier)) as unknown as { default?: KeytarLike } & Partial<KeytarLike>;
  const api = (mod.default ?? mod) as KeytarLike;
  if (typeof api?.findCredentials !== 'function') throw new Error('keytar module has no findCredentials');
  return api;
}

interface NapiEntry {
  getPassword(): Promise<string | null>;
  setPassword(password: string): Promise<void>;
  deletePassword(): Promise<boolean>;
}
interface NapiKeyring {
  AsyncEntry: {
    new (service: string, account: string, options?: object): NapiEntry;
    withTarget(target: string, service: string, account: string): NapiEntry;
  };
  findCredentialsAsync(service: string, target?: string | null): Promise<Array<{ account: string; password: string }>>;
}

async function loadNapiKeyring(platform: NodeJS.Platform = process.platform): Promise<KeytarLike> {
  const mod = (await import('@napi-rs/keyring')) as unknown as { default?: NapiKeyring } & Partial<NapiKeyring>;
  const k = (mod.AsyncEntry ? mod : mod.default) as NapiKeyring;
  if (typeof k?.findCredentialsAsync !== 'function') throw new Error('@napi-rs/keyring has no findCredentialsAsync');
  const entry = (service: string, account: string): NapiEntry =>
    platform === 'win32'
      ? k.AsyncEntry.withTarget(`${service}/${account}`, service, account)
      : // The persistent Secret Service, never the kernel keyutils store (lost on reboot).
        new k.AsyncEntry(service, account, platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined);
  return {
    getPassword: (s, a) => entry(s, a).getPassword(),
    setPassword: (s, a, p) => entry(s, a).setPassword(p),
    deletePassword: (s, a) => entry(s, a).deletePassword(),
    findCredentials: (s) => k.findCredentialsAsync(s),
  };
}

/**
 * keytar when it loads, else @napi-rs/keyring. `prefer` (or MCP_ORCHESTRATOR_KEYCHAIN_BACKEND)
 * forces one; then its load error is reported instead of trying the other.
 */
export async function loadKeychain(prefer: KeychainBackend | 'auto' = 'auto'): Promise<LoadedKeychain> {
  if (prefer === 'keytar') return { api: await loadKeytar(), backend: 'keytar' };
  if (prefer === '@napi-rs/keyring') return { api: await loadNapiKeyring(), backend: '@napi-rs/keyring' };
  try {
    return { api: await loadKeytar(), backend: 'keytar' };
  } catch (keytarErr) {
    try {
      return { api: await loadNapiKeyring(), backend: '@napi-rs/keyring' };
    } catch (napiErr) {
      throw new Error(
        `no keychain module loads (keytar: ${(keytarErr as Error).message}; @napi-rs/keyring: ${(napiErr as Error).message})`,
      );
    }
  }
}

export function preferredBackend(env: Record<string, string | undefined>): KeychainBackend | 'auto' {
  const v = env.MCP_ORCHESTRATOR_KEYCHAIN_BACKEND;
  if (v === 'keytar') return 'keytar';
  if (v === 'napi' || v === '@napi-rs/keyring') return '@napi-rs/keyring';
  return 'auto';
}
