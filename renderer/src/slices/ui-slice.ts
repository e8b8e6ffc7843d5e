import type { SliceCreator } from './helpers.js';

export const VIEWS = ['chat', 'weather', 'servers', 'tools', 'config', 'connect'] as const;
export type ViewName = (typeof VIEWS)[number];

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  message: string;
}

/** Enough to read a burst of failures without covering the screen. */
export const MAX_TOASTS = 4;

export interface UiSlice {
  view: ViewName;
  toasts: Toast[];
  expanded: Record<string, boolean>;
  setView(view: ViewName): void;
  toggleExpanded(serverId: string): void;
  pushToast(message: string, kind?: Toast['kind']): void;
  dismissToast(id: number): void;
}

export const createUiSlice: SliceCreator<UiSlice> = () => {
  let nextId = 1;
  return (set) => ({
    view: 'chat',
    toasts: [],
    expanded: {},
    setView: (view) => set({ view }),
    toggleExpanded: (id) => set((s) => ({ expanded: { ...s.expanded, [id]: !s.expanded[id] } })),
    pushToast: (message, kind = 'error') =>
      set((s) => ({ toasts: [...s.toasts, { id: nextId++, kind, message }].slice(-MAX_TOASTS) })),
    dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  });
};
