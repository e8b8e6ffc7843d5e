// Create or edit one profile: tools grouped by server with checkboxes, read-only and
// discovery toggles, and the live size of what the profile would list.
import { useEffect, useMemo, useState } from 'react';
import { profileNameProblem } from '../../../../shared/config-schema.js';
import type { ProfileSummary } from '../../../../shared/types.js';
import { useAppStore } from '../../store-context.js';
import { draftCost, draftFromProfile, emptyDraft, groupByServer, profileFromDraft, type ProfileDraft } from './profile-draft.js';

interface Props {
  /** The profile to edit; absent for a new one. */
  initial?: ProfileSummary;
  onDone(savedName?: string): void;
}

function toggled(set: Set<string>, names: string[], on: boolean): Set<string> {
  const next = new Set(set);
  for (const n of names) {
    if (on) next.add(n);
    else next.delete(n);
  }
  return next;
}

export function ProfileEditor({ initial, onDone }: Props) {
  const tools = useAppStore((s) => s.tools);
  const loadTools = useAppStore((s) => s.loadTools);
  const saveProfile = useAppStore((s) => s.saveProfile);
  const [draft, setDraft] = useState<ProfileDraft>(() => (initial ? draftFromProfile(initial.config, tools) : emptyDraft()));
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (tools.length === 0) void loadTools();
  }, [tools.length, loadTools]);
  useEffect(() => {
    // Tools may arrive after the editor opened; an edited profile's checkboxes follow them once.
    if (!initial || tools.length === 0) return;
    setDraft((d) => (d.checked.size === 0 ? draftFromProfile(initial.config, tools) : d));
  }, [tools, initial]);
  const groups = useMemo(() => groupByServer(tools), [tools]);
  const cost = useMemo(() => draftCost(draft, tools), [draft, tools]);
  const nameProblem = draft.name ? profileNameProblem(draft.name) : 'a name is required';
  const update = (patch: Partial<ProfileDraft>) => setDraft({ ...draft, ...patch });

  const onSave = async () => {
    setSaving(true);
    const saved = await saveProfile(draft.name, profileFromDraft(draft, tools));
    setSaving(false);
    if (saved) onDone(draft.name);
  };
  return (
    <div
      className="card profile-editor"
      data-testid="profile-editor"
      // Escape leaves the editor like Cancel (issue 23, bug 5); an open select's own Escape stays its own.
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || e.defaultPrevented) return;
        e.preventDefault();
        onDone();
      }}
    >
      <h3>{initial ? `Edit profile ${initial.name}` : 'New profile'}</h3>
      <div className="kv">
        <label className="k" htmlFor="profile-name">
          Name
        </label>
        <input
          id="profile-name"
          data-testid="profile-name"
          value={draft.name}
          disabled={Boolean(initial)}
          placeholder="e.g. research"
          onChange={(e) => update({ name: e.target.value })}
        />
      </div>
      {draft.name && nameProblem ? <p className="error-text small">{nameProblem}</p> : null}
      <div className="kv">
        <label className="k" htmlFor="profile-description">
          Description
        </label>
        <input
          id="profile-description"
          data-testid="profile-description"
          value={draft.description}
          onChange={(e) => update({ description: e.target.value })}
        />
      </div>
      <label className="small">
        <input
          type="checkbox"
          data-testid="profile-readonly"
          checked={draft.readOnly}
          onChange={(e) => update({ readOnly: e.target.checked })}
        />{' '}
        Read-only tools only (annotated <code>readOnlyHint</code>)
      </label>
      <label className="small">
        <input
          type="checkbox"
          data-testid="profile-discovery"
          checked={draft.discovery}
          onChange={(e) => update({ discovery: e.target.checked })}
        />{' '}
        Discovery: list search_tools / describe_tool / call_tool instead of every schema
      </label>
      <p data-testid="profile-cost">
        <strong data-testid="profile-count">{cost.tools}</strong> tools
        {draft.discovery ? `, lists ${cost.listed}` : ''}, ≈<span data-testid="profile-tokens">{cost.tokens}</span> tokens per turn
      </p>
      <div className="profile-servers">
        {groups.map((g) => {
          const names = g.tools.map((t) => t.name);
          const all = names.every((n) => draft.checked.has(n));
          return (
            <fieldset key={g.serverId} className="profile-server">
              <legend>
                <label>
                  <input
                    type="checkbox"
                    data-testid={`profile-server-${g.serverId}`}
                    checked={all}
                    onChange={(e) => update({ checked: toggled(draft.checked, names, e.target.checked) })}
                  />{' '}
                  {g.serverId} <span className="muted small">({g.tools.length})</span>
                </label>
              </legend>
              {g.tools.map((t) => (
                <label key={t.name} className="small profile-tool" title={t.description}>
                  <input
                    type="checkbox"
                    data-testid={`profile-tool-${t.name}`}
                    checked={draft.checked.has(t.name)}
                    onChange={(e) => update({ checked: toggled(draft.checked, [t.name], e.target.checked) })}
                  />{' '}
                  <code>{t.name}</code>
                  {t.readOnly ? <span className="muted"> read-only</span> : null}
                </label>
              ))}
            </fieldset>
          );
        })}
      </div>
      <div className="row">
        <button
          type="button"
          className="btn"
          data-testid="profile-save"
          disabled={Boolean(nameProblem) || cost.tools === 0 || saving}
          onClick={() => void onSave()}
        >
          Save profile
        </button>
        <button type="button" className="btn btn-ghost" onClick={() => onDone()}>
          Cancel
        </button>
      </div>
    </div>
  );
}
