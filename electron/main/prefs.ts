// User preferences that belong to the desktop shell, not to the orchestrator config.
import Store from 'electron-store';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

type ThemePref = 'system' | 'light' | 'dark';

interface Prefs {
  windowBounds: WindowBounds;
  launchAtLogin: boolean;
  theme: ThemePref;
  /** null: use the port from the config file. */
  gatewayPort: number | null;
}

const DEFAULT_PREFS: Prefs = {
  windowBounds: { width: 1180, height: 780 },
  launchAtLogin: false,
  theme: 'system',
  gatewayPort: null,
};

export interface PrefsStore {
  get<K extends keyof Prefs>(key: K): Prefs[K];
  set<K extends keyof Prefs>(key: K, value: Prefs[K]): void;
}

export function createPrefs(): PrefsStore {
  const store = new Store<Prefs>({
    name: 'preferences',
    defaults: DEFAULT_PREFS,
    // A hand-edited or corrupt file must not stop the app from starting.
    clearInvalidConfig: true,
  });
  return {
    get: (key) => store.get(key),
    set: (key, value) => store.set(key, value),
  };
}
