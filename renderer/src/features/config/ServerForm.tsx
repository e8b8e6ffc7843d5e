import { useState } from 'react';
import type { FormEvent } from 'react';
import { useAppStore } from '../../store-context.js';
import { EMPTY_DRAFT, listServerIds, readDraft, removeServer, upsertServer } from './config-edit.js';
import type { EditResult, ServerDraft } from './config-edit.js';

/** Edits the JSON text in the store; Save in the panel writes the file. */
export function ServerForm() {
  const text = useAppStore((s) => s.configText);
  const setText = useAppStore((s) => s.setConfigText);
  const [draft, setDraft] = useState<ServerDraft>(EMPTY_DRAFT);
  const [message, setMessage] = useState<string | null>(null);
  /** The id picked under "Existing"; a new server may not take an id that is already there. */
  const [editing, setEditing] = useState<string | null>(null);
  const ids = listServerIds(text);
  const field = (key: keyof ServerDraft) => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value });

  const apply = (result: EditResult, done: string) => {
    if (!result.ok) return setMessage(result.message);
    setText(result.text);
    setMessage(done);
  };
  const pick = (id: string) => {
    setDraft(id ? (readDraft(text, id) ?? EMPTY_DRAFT) : EMPTY_DRAFT);
    setEditing(id || null);
    setMessage(null);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ids.includes(draft.id) && editing !== draft.id) {
      setMessage(`A server "${draft.id}" already exists. Pick it under Existing to edit it, or choose another id.`);
      return;
    }
    const result = upsertServer(text, draft);
    apply(result, `Updated "${draft.id}" in the editor; Save to apply.`);
    if (result.ok) setEditing(draft.id);
  };

  return (
    <form className="card form" onSubmit={submit} data-testid="server-form">
      <h3>Add or edit a server</h3>
      <label>
        Existing
        <select data-testid="server-form-pick" value={ids.includes(draft.id) ? draft.id : ''} onChange={(e) => pick(e.target.value)}>
          <option value="">New server…</option>
          {ids.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
      </label>
      <label>
        Id <input data-testid="server-form-id" value={draft.id} onChange={field('id')} placeholder="memory" />
      </label>
      <label>
        Name <input data-testid="server-form-name" value={draft.name} onChange={field('name')} />
      </label>
      <div className="segmented" role="group" aria-label="Transport">
        {(['stdio', 'remote'] as const).map((k) => (
          <button
            key={k}
            type="button"
            className={draft.kind === k ? 'seg active' : 'seg'}
            data-testid={`server-form-kind-${k}`}
            onClick={() => setDraft({ ...draft, kind: k })}
          >
            {k === 'stdio' ? 'Command (stdio)' : 'Remote URL'}
          </button>
        ))}
      </div>
      {draft.kind === 'stdio' ? (
        <>
          <label>
            Command <input data-testid="server-form-command" value={draft.command} onChange={field('command')} placeholder="npx" />
          </label>
          <label>
            Arguments (one per line)
            <textarea data-testid="server-form-args" rows={3} value={draft.args} onChange={field('args')} />
          </label>
        </>
      ) : (
        <label>
          URL <input data-testid="server-form-url" value={draft.url} onChange={field('url')} placeholder="https://…/mcp" />
        </label>
      )}
      <label>
        Required env names
        <input data-testid="server-form-env" value={draft.envNames} onChange={field('envNames')} placeholder="API_KEY, OTHER_KEY" />
      </label>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" data-testid="server-form-apply">
          Apply to editor
        </button>
        <button
          type="button"
          className="btn btn-danger"
          data-testid="server-form-remove"
          disabled={!ids.includes(draft.id)}
          onClick={() => apply(removeServer(text, draft.id), `Removed "${draft.id}"; Save to apply.`)}
        >
          Remove
        </button>
      </div>
      {message && (
        <p className="small muted" data-testid="server-form-message" role="status">
          {message}
        </p>
      )}
    </form>
  );
}
