import type { ImportInput, ImportPreview as Preview } from '../../../../shared/types.js';
import { ImportDiff } from './ImportDiff.js';

interface Props {
  preview: Preview;
  values: Record<string, string>;
  onValue: (id: string, value: string) => void;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** What an import would do: each entry (target, secrets, collisions, warnings), a field per VS Code input, the file's diff. */
export function ImportPreview(p: Props) {
  const { entries, inputs } = p.preview;
  if (entries.length === 0) {
    return (
      <p className="small" data-testid="import-preview">
        Nothing new: every server in this file is already configured.{' '}
        <button type="button" className="btn btn-small" onClick={p.onCancel}>
          OK
        </button>
      </p>
    );
  }
  return (
    <div data-testid="import-preview">
      <p className="small">This adds {entries.length} server(s). Nothing is written or started until you confirm:</p>
      <ul className="small">
        {entries.map((e) => (
          <li key={e.id} data-testid={`import-entry-${e.id}`}>
            <strong>{e.id}</strong> <code>{e.target}</code>
            {e.autostart ? ' — starts once imported' : ' — not started automatically'}
            <br />
            Secrets: {e.secrets.length ? e.secrets.join(', ') : 'none'}
            {e.movedToKeychain.map((m) => (
              <div key={m.envKey}>
                env {m.envKey}: key moves to the OS keychain as <code>{'${' + m.name + '}'}</code>
              </div>
            ))}
            {e.collisions.map((c) => (
              <div key={c} className="warn-text" data-testid={`import-collision-${e.id}`}>
                ⚠ Collision: {c}
              </div>
            ))}
            {e.warnings.map((w) => (
              <div key={w} className="warn-text">
                ⚠ {w}
              </div>
            ))}
          </li>
        ))}
      </ul>
      {inputs.length > 0 && <InputFields inputs={inputs} values={p.values} onValue={p.onValue} />}
      <ImportDiff diff={p.preview.diff} path={p.preview.path} />
      <div className="form-actions">
        <button type="button" className="btn btn-primary" data-testid="import-confirm" disabled={p.busy} onClick={p.onConfirm}>
          Confirm import
        </button>
        <button type="button" className="btn" data-testid="import-cancel" disabled={p.busy} onClick={p.onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/** VS Code inputs become keychain secrets; one left empty is not stored, and its servers wait for it as a missing key. */
function InputFields(p: { inputs: ImportInput[]; values: Record<string, string>; onValue: (id: string, value: string) => void }) {
  return (
    <fieldset className="small" data-testid="import-inputs">
      <legend>Secrets this file asks for (stored in the OS keychain)</legend>
      {p.inputs.map((i) => (
        <label key={i.id} className="env-row">
          <code className="env-name">{i.name}</code>
          <span>
            {i.description || i.id} <span className="muted">(used by {i.usedBy.join(', ')})</span>
          </span>
          <input
            type={i.password ? 'password' : 'text'}
            autoComplete="off"
            data-testid={`import-input-${i.id}`}
            placeholder={i.stored ? 'Stored; type to replace' : 'Empty: the server waits for it'}
            value={p.values[i.id] ?? ''}
            onChange={(e) => p.onValue(i.id, e.target.value)}
          />
        </label>
      ))}
    </fieldset>
  );
}
