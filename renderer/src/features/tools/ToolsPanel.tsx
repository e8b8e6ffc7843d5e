import { useMemo, useState } from 'react';
import { useAppStore } from '../../app/store-context.js';
import { selectSelectedTool } from '../../store.js';
import { ToolRunner } from './ToolRunner.js';
import { ProfileToolFilter, useProfileToolNames } from '../profiles/ProfileToolFilter.js';

export function ToolsPanel() {
  const tools = useAppStore((s) => s.tools);
  const selected = useAppStore(selectSelectedTool);
  const selectTool = useAppStore((s) => s.selectTool);
  const loadTools = useAppStore((s) => s.loadTools);
  const [filter, setFilter] = useState('');
  const [profile, setProfile] = useState('');
  const inProfile = useProfileToolNames(profile);
  const shown = useMemo(() => {
    const f = filter.toLowerCase();
    const scoped = inProfile ? tools.filter((t) => inProfile.has(t.name)) : tools;
    return scoped.filter((t) => !f || t.name.toLowerCase().includes(f) || (t.description ?? '').toLowerCase().includes(f));
  }, [tools, filter, inProfile]);

  return (
    <section className="panel tools">
      <div className="panel-head">
        <h2>Tools</h2>
        <span className="muted small" data-testid="tools-count">{inProfile ? `${inProfile.size} in profile ${profile}` : `${tools.length} aggregated`}</span>
        <ProfileToolFilter value={profile} onChange={setProfile} />
        <button type="button" className="btn btn-small btn-ghost" onClick={() => void loadTools()}>
          Refresh
        </button>
      </div>
      <div className="tools-grid">
        <div className="tool-list-col">
          <input data-testid="tool-filter" placeholder="Filter tools" value={filter} onChange={(e) => setFilter(e.target.value)} />
          <select
            data-testid="tool-select"
            className="tool-select"
            value={selected?.name ?? ''}
            onChange={(e) => selectTool(e.target.value)}
          >
            <option value="">Pick a tool…</option>
            {shown.map((t) => (
              <option key={t.name} value={t.name} disabled={!t.enabled}>
                {t.name}
              </option>
            ))}
          </select>
          <ul className="tool-list">
            {shown.map((t) => (
              <li key={t.name}>
                <button type="button" className={t.name === selected?.name ? 'tool-item active' : 'tool-item'} onClick={() => selectTool(t.name)}>
                  <code>{t.name}</code>
                  <span className="muted small">{t.description}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
        <div className="tool-detail-col">
          {selected ? <ToolRunner key={selected.name} tool={selected} /> : <p className="muted">Pick a tool.</p>}
        </div>
      </div>
    </section>
  );
}
