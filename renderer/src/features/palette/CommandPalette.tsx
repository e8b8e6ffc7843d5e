// ⌘K / Ctrl-K: a fuzzy list of actions (go to a page, start/stop/restart a server, call a tool, open the
// config editor). A modal dialog whose combobox input keeps focus; the active option is named by
// aria-activedescendant, so screen readers follow the arrow keys. Escape closes and gives focus back.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useAppStore, useAppStoreApi } from '../../store-context.js';
import { LABELS } from '../../app/Nav.js';
import { fuzzyRank } from './fuzzy.js';
import { paletteActions, type PaletteAction } from './palette-actions.js';

/** Enough to choose from without rendering every tool of every server. */
const MAX_SHOWN = 50;

export const isMac = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
export const paletteShortcut = () => (isMac() ? '⌘K' : 'Ctrl K');

/** The global shortcut; the element focused before opening is where focus returns. */
export function usePaletteShortcut(): void {
  const setOpen = useAppStore((s) => s.setPaletteOpen);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() !== 'k' || !(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      e.preventDefault();
      setOpen(true);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [setOpen]);
}

function Option({ a, active, index, onRun }: { a: PaletteAction; active: boolean; index: number; onRun(a: PaletteAction): void }) {
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (active) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [active]);
  return (
    <li
      ref={ref}
      id={`palette-option-${index}`}
      role="option"
      aria-selected={active}
      className={active ? 'palette-option active' : 'palette-option'}
      data-testid="palette-option"
      data-action={a.id}
      // The input keeps focus: a click runs the action without blurring it first.
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => onRun(a)}
    >
      <span className="palette-label">{a.label}</span>
      {a.hint && <span className="palette-hint">{a.hint}</span>}
    </li>
  );
}

function PaletteDialog({ returnFocus }: { returnFocus: HTMLElement | null }) {
  const store = useAppStoreApi();
  const setOpen = useAppStore((s) => s.setPaletteOpen);
  // Rebuilt when what it lists changes (servers' states, tools), not on every store update.
  const status = useAppStore((s) => s.status);
  const tools = useAppStore((s) => s.tools);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- status and tools are what the list is built from
  const all = useMemo(() => paletteActions(store.getState(), LABELS), [store, status, tools]);
  const shown = useMemo(() => fuzzyRank(all, query, (a) => a.label).slice(0, MAX_SHOWN), [all, query]);
  const back = () => returnFocus?.isConnected && returnFocus.focus();
  const close = () => {
    setOpen(false);
    back();
  };
  const run = (a: PaletteAction) => {
    setOpen(false);
    a.run(back);
  };
  useEffect(() => input.current?.focus(), []);
  const onKey = (e: ReactKeyboardEvent) => {
    const n = shown.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (n) setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const a = shown[Math.min(active, n - 1)];
      if (a) run(a);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (e.key === 'Tab') {
      // Modal: the input is its only stop, so Tab stays here rather than wandering behind the backdrop.
      e.preventDefault();
    }
  };
  const activeId = shown.length ? `palette-option-${Math.min(active, shown.length - 1)}` : undefined;
  return (
    <div className="palette-backdrop" data-testid="palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div className="palette" role="dialog" aria-modal="true" aria-label="Command palette" data-testid="palette">
        <input
          ref={input}
          className="palette-input"
          data-testid="palette-input"
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-autocomplete="list"
          aria-activedescendant={activeId}
          aria-label="Type a command"
          placeholder="Go to a page, start or stop a server, call a tool…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKey}
        />
        <ul className="palette-list" id="palette-list" role="listbox" aria-label="Commands" data-testid="palette-list">
          {shown.map((a, i) => (
            <Option key={a.id} a={a} index={i} active={i === Math.min(active, shown.length - 1)} onRun={run} />
          ))}
        </ul>
        <p className="palette-status muted small" role="status">
          {shown.length === 0 ? 'No command matches.' : `${shown.length} ${shown.length === 1 ? 'command' : 'commands'}`} · ↑↓ to move,
          Enter to run, Esc to close
        </p>
      </div>
    </div>
  );
}

export function CommandPalette() {
  const open = useAppStore((s) => s.paletteOpen);
  const returnFocus = useRef<HTMLElement | null>(null);
  const wasOpen = useRef(false);
  usePaletteShortcut();
  // What had focus as the palette opens (read while rendering, before the dialog's input takes focus).
  if (open && !wasOpen.current) returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  wasOpen.current = open;
  return open ? <PaletteDialog returnFocus={returnFocus.current} /> : null;
}
