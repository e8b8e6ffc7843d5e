// Connect page: choose the full set or one profile; the snippets then use that endpoint.
// Warns when what the endpoint lists exceeds a client's known limit.
import { useRef, useState } from 'react';
import { exceededLimits } from '../../../../shared/profiles.js';
import type { ProfileSummary } from '../../../../shared/types.js';
import { useAppStore } from '../../store-context.js';
import { selectToolCount } from '../../store.js';
import { selectProfiles } from './select-profiles.js';
import { ProfileEditor } from './ProfileEditor.js';

interface Props {
  selected: string;
  onSelect(name: string): void;
}

const LIMIT_NOTES: Record<string, string> = {
  Cursor: 'Cursor sends only the first 40 tools to its agent',
  'VS Code': 'VS Code warns above 128 tools',
};

export function ProfilePicker({ selected, onSelect }: Props) {
  const profiles = useAppStore(selectProfiles);
  const fullCount = useAppStore(selectToolCount);
  const saveProfile = useAppStore((s) => s.saveProfile);
  const [editing, setEditing] = useState<ProfileSummary | 'new' | null>(null);
  /** The button that opened the editor: focus goes back to it when the editor closes (Save, Cancel, Escape). */
  const opener = useRef<HTMLButtonElement | null>(null);
  const open = (what: ProfileSummary | 'new') => (e: { currentTarget: HTMLButtonElement }) => {
    opener.current = e.currentTarget;
    setEditing(what);
  };
  const current = profiles.find((p) => p.name === selected);
  const listed = current ? current.listed : fullCount;
  const onDelete = async () => {
    if (!current || !window.confirm(`Delete profile "${current.name}"? Clients using its URL will be disconnected.`)) return;
    if (await saveProfile(current.name, null)) onSelect('');
  };
  return (
    <div className="card profile-picker">
      <div className="kv">
        <label className="k" htmlFor="connect-profile">
          Profile
        </label>
        <select id="connect-profile" data-testid="connect-profile" value={selected} onChange={(e) => onSelect(e.target.value)}>
          <option value="">Full set ({fullCount} tools)</option>
          {profiles.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name} ({p.discovery ? `discovery, ${p.tools} searchable` : `${p.tools} tools`})
            </option>
          ))}
        </select>
        <button type="button" className="btn btn-small" data-testid="profile-new" onClick={open('new')}>
          New profile
        </button>
        {current ? (
          <>
            <button type="button" className="btn btn-small" data-testid="profile-edit" onClick={open(current)}>
              Edit
            </button>
            <button type="button" className="btn btn-small btn-danger" data-testid="profile-delete" onClick={() => void onDelete()}>
              Delete
            </button>
          </>
        ) : null}
      </div>
      {current ? (
        <p className="muted small" data-testid="connect-profile-summary">
          {current.listed} tools listed{current.discovery ? ` (${current.tools} searchable)` : ''}, ≈{current.estimatedTokens} tokens per
          turn
          {current.description ? ` — ${current.description}` : ''}
        </p>
      ) : null}
      {current?.warnings.map((w) => (
        <p key={w} className="error-text small">
          {w}
        </p>
      ))}
      {exceededLimits(listed).map((c) => (
        <p key={c.client} className="error-text small" data-testid={`limit-warning-${c.client.replace(/\s/g, '-').toLowerCase()}`}>
          {listed} tools listed: {LIMIT_NOTES[c.client] ?? `${c.client} allows ${c.limit}`}. Pick or create a smaller profile.
        </p>
      ))}
      {editing ? (
        <ProfileEditor
          key={editing === 'new' ? 'new' : editing.name}
          initial={editing === 'new' ? undefined : editing}
          onDone={(name) => {
            setEditing(null);
            if (name) onSelect(name);
            opener.current?.focus();
          }}
        />
      ) : null}
    </div>
  );
}
