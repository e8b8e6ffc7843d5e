import type { SliceCreator } from './helpers.js';

export const VIEWS = ['chat', 'weather', 'servers', 'tools', 'config', 'connect', 'activity'] as const;
export type ViewName = (typeof VIEWS)[number];
export type Theme = 'system' | 'light' | 'dark';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  message: string;
}

/** Enough to read a burst of failures without covering the screen. */
const MAX_TOASTS = 4;
const THEME_KEY = 'mcp-orchestrator.theme';

/** The page lives in the URL (`#/tools`), so a reload or a token rotation keeps it. */
export function viewFromHash(hash: string): ViewName {
  const name = hash.replace(/^#\/?/, '');
  return (VIEWS as readonly string[]).includes(name) ? (name as ViewName) : 'chat';
}

function initialView(): ViewName {
  return typeof location === 'undefined' ? 'chat' : viewFromHash(location.hash);
}

function initialTheme(): Theme {
  try {
    const t = localStorage.getItem(THEME_KEY);
    return t === 'light' || t === 'dark' ? t : 'system';
  } catch {
    return 'system';
  }
}

export interface UiSlice {
  view: ViewName;
  theme: Theme;
  navOpen: boolean;
  toasts: Toast[];
  expanded: Record<string, boolean>;
  /** The command palette (⌘/Ctrl-K). */
  paletteOpen: boolean;
  setPaletteOpen(open: boolean): void;
  /** Bumped when something asks for the Tools page's form (the palette), so the Tools tab shows even if another was open. */
  toolFormRequests: number;
  requestToolForm(): void;
  setView(view: ViewName): void;
  setTheme(theme: Theme): void;
  setNavOpen(open: boolean): void;
  toggleExpanded(serverId: string): void;
  pushToast(message: string, kind?: Toast['kind']): void;
  dismissToast(id: number): void;
}

export const createUiSlice: SliceCreator<UiSlice> = () => {
  let nextId = 1;
  return (set) => ({
    view: initialView(),
    theme: initialTheme(),
    navOpen: false,
    toasts: [],
    expanded: {},
    paletteOpen: false,
    setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
    toolFormRequests: 0,
    requestToolForm: () => set((s) => ({ toolFormRequests: s.toolFormRequests + 1 })),
    setView: (view) => {
      if (typeof history !== 'undefined' && location.hash !== `#/${view}`) history.pushState(null, '', `#/${view}`);
      set({ view, navOpen: false });
    },
    setTheme: (theme) => {
      try {
        localStorage.setItem(THEME_KEY, theme);
      } catch {
        // Not persisted (storage blocked); still applies for this page.
      }
      set({ theme });
    },
    setNavOpen: (navOpen) => set({ navOpen }),
    toggleExpanded: (id) => set((s) => ({ expanded: { ...s.expanded, [id]: !s.expanded[id] } })),
    pushToast: (message, kind = 'error') => set((s) => ({ toasts: [...s.toasts, { id: nextId++, kind, message }].slice(-MAX_TOASTS) })),
    dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  });
};
