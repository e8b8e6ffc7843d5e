// What the command palette offers, built from the store's state: pages, server actions that apply to
// each server's state, tools to call, and the config editor.
import type { AppState, ViewName } from '../../store.js';
import { VIEWS } from '../../store.js';
import { focusMain, focusToolForm, focusWhenReady } from '../../focus-when-ready.js';

export interface PaletteAction {
  id: string;
  label: string;
  /** A second, dimmer line: what the action is about. */
  hint?: string;
  /** Runs the action; `back` gives focus back to where it was before the palette opened. */
  run(back: () => void): void;
}

function serverActions(st: AppState): PaletteAction[] {
  const out: PaletteAction[] = [];
  for (const s of st.status?.servers ?? []) {
    const live = s.state !== 'stopped' && s.state !== 'failed';
    const startable = s.enabled && s.missingEnv.length === 0;
    const act = (action: 'start' | 'stop' | 'restart') => (back: () => void) => {
      void st.serverAction(s.id, action);
      back();
    };
    const hint = `${s.name || s.id} · ${s.state}`;
    if (!live && startable) out.push({ id: `start:${s.id}`, label: `Start server ${s.id}`, hint, run: act('start') });
    if (live) out.push({ id: `stop:${s.id}`, label: `Stop server ${s.id}`, hint, run: act('stop') });
    if (startable) out.push({ id: `restart:${s.id}`, label: `Restart server ${s.id}`, hint, run: act('restart') });
  }
  return out;
}

/** `labels`: each page's name as the navigation shows it. */
export function paletteActions(st: AppState, labels: Record<ViewName, string>): PaletteAction[] {
  const pages: PaletteAction[] = VIEWS.map((v) => ({
    id: `view:${v}`,
    label: `Go to ${labels[v]}`,
    hint: 'Page',
    run: () => {
      st.setView(v);
      focusMain();
    },
  }));
  const config: PaletteAction = {
    id: 'config-editor',
    label: 'Open the config editor',
    hint: 'Config',
    run: () => {
      st.setView('config');
      focusWhenReady(() => document.querySelector<HTMLElement>('[data-testid="config-editor"]'));
    },
  };
  const tools: PaletteAction[] = st.tools
    .filter((t) => t.enabled)
    .map((t) => ({
      id: `tool:${t.name}`,
      label: `Call tool ${t.name}`,
      hint: t.description ? t.description.slice(0, 100) : `Server ${t.serverId}`,
      run: () => {
        st.setView('tools');
        st.selectTool(t.name);
        st.requestToolForm();
        focusToolForm();
      },
    }));
  return [...pages, config, ...serverActions(st), ...tools];
}
