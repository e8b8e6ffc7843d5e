import { useEffect, useMemo, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store-context.js';
import { selectSelectedTool, selectToolCount } from '../../store.js';
import type { ToolCallState } from '../../store.js';
import { PromptsView } from './PromptsView.js';
import { ResourcesView } from './ResourcesView.js';
import { ToolHistory } from './ToolHistory.js';
import { ToolRunner } from './ToolRunner.js';
import { ToolListbox } from './ToolListbox.js';
import { PeerRequests } from './PeerRequests.js';
import { ProfileToolFilter, useProfileToolNames } from '../profiles/ProfileToolFilter.js';

type Tab = 'tools' | 'resources' | 'prompts';

/** `inProfile`: the names one profile lists, or null for every tool. */
function ToolsView({ inProfile }: { inProfile: ReadonlySet<string> | null }) {
  const tools = useAppStore((s) => s.tools);
  const selected = useAppStore(selectSelectedTool);
  const selectTool = useAppStore((s) => s.selectTool);
  const callTool = useAppStore((s) => s.callTool);
  const [filter, setFilter] = useState('');
  const [rerunArgs, setRerunArgs] = useState<Record<string, unknown> | undefined>(undefined);
  const shown = useMemo(() => {
    const f = filter.toLowerCase();
    const scoped = inProfile ? tools.filter((t) => inProfile.has(t.name)) : tools;
    return scoped.filter((t) => !f || t.name.toLowerCase().includes(f) || (t.description ?? '').toLowerCase().includes(f));
  }, [tools, filter, inProfile]);
  const rerun = (call: ToolCallState) => {
    if (selected?.name !== call.name) selectTool(call.name);
    setRerunArgs(call.args);
    void callTool(call.name, call.args);
  };
  return (
    <div className="tools-grid">
      <div className="tool-list-col">
        <input
          data-testid="tool-filter"
          aria-label="Filter tools"
          placeholder="Filter tools"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={(e) => {
            // Down from the filter goes to the list, as in a combobox.
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              document.querySelector<HTMLElement>('[data-testid="tool-list"]')?.focus();
            }
          }}
        />
        <select
          data-testid="tool-select"
          aria-label="Tool"
          className="tool-select"
          value={selected?.name ?? ''}
          onChange={(e) => {
            setRerunArgs(undefined);
            selectTool(e.target.value);
          }}
        >
          <option value="">Pick a tool…</option>
          {shown.map((t) => (
            <option key={t.name} value={t.name} disabled={!t.enabled}>
              {t.name}
            </option>
          ))}
        </select>
        <ToolListbox
          tools={shown}
          selected={selected?.name}
          onSelect={(name) => {
            setRerunArgs(undefined);
            selectTool(name);
          }}
        />
      </div>
      <div className="tool-detail-col">
        {selected ? <ToolRunner key={selected.name} tool={selected} initialArgs={rerunArgs} /> : <p className="muted">Pick a tool.</p>}
        <ToolHistory onRerun={rerun} />
      </div>
    </div>
  );
}

export function ToolsPanel() {
  const counts = useAppStore(useShallow((s) => ({ tools: selectToolCount(s), resources: s.resources.length, prompts: s.prompts.length })));
  const disabled = useAppStore((s) => s.tools.length - selectToolCount(s));
  const [tab, setTab] = useState<Tab>('tools');
  // The palette's "Call tool" shows the form even when Resources or Prompts was open.
  const formRequests = useAppStore((s) => s.toolFormRequests);
  useEffect(() => setTab('tools'), [formRequests]);
  const [profile, setProfile] = useState('');
  const inProfile = useProfileToolNames(profile);
  const labels: Record<Tab, string> = { tools: 'Tools', resources: 'Resources', prompts: 'Prompts' };
  // The tabs are one tab stop; arrows move between them (the ARIA tabs pattern).
  const onTabKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const order = Object.keys(labels) as Tab[];
    const next = order[(order.indexOf(tab) + (e.key === 'ArrowRight' ? 1 : order.length - 1)) % order.length];
    setTab(next);
    document.getElementById(`tab-${next}`)?.focus();
  };
  return (
    <section className="panel tools">
      <div className="panel-head">
        <h2>Tools</h2>
        <span className="muted small" data-testid="tools-count">
          {inProfile
            ? `${inProfile.size} in profile ${profile}`
            : `${counts.tools} tools from running servers${disabled ? ` (and ${disabled} disabled)` : ''}`}
        </span>
        <ProfileToolFilter value={profile} onChange={setProfile} />
      </div>
      <PeerRequests />
      <div className="segmented" role="tablist" aria-label="Browse" onKeyDown={onTabKey}>
        {(Object.keys(labels) as Tab[]).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={`tab-${t}`}
            aria-selected={tab === t}
            tabIndex={tab === t ? 0 : -1}
            aria-controls={`tabpanel-${t}`}
            className={tab === t ? 'seg active' : 'seg'}
            data-testid={`tools-tab-${t}`}
            onClick={() => setTab(t)}
          >
            {labels[t]} ({counts[t]})
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'tools' && <ToolsView inProfile={inProfile} />}
        {tab === 'resources' && <ResourcesView />}
        {tab === 'prompts' && <PromptsView />}
      </div>
    </section>
  );
}
