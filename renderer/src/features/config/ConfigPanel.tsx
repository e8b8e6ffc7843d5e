import { useEffect } from 'react';
import { useAppStore } from '../../app/store-context.js';
import { selectCanSave, selectConfigDirty } from '../../store.js';
import { ImportBox } from './ImportBox.js';
import { ServerForm } from './ServerForm.js';

const VALIDATE_DELAY_MS = 350;

function Issues() {
  const issues = useAppStore((s) => s.configIssues);
  const valid = useAppStore((s) => s.configValid);
  const reload = useAppStore((s) => s.lastReload);
  return (
    <div className="issues" data-testid="config-issues" data-valid={valid === null ? 'unknown' : String(valid)}>
      {valid === null && <span className="muted">Checking…</span>}
      {valid === true && issues.length === 0 && <span className="ok-text">Valid</span>}
      {issues.map((issue, i) => (
        <div key={i} className="issue">
          <code>{issue.path || '(root)'}</code> {issue.message}
        </div>
      ))}
      {reload && !reload.ok && (
        <div className="issue" data-testid="config-reload-rejected">
          The file on disk changed but was rejected; the previous config keeps running.
        </div>
      )}
    </div>
  );
}

export function ConfigPanel() {
  const text = useAppStore((s) => s.configText);
  const path = useAppStore((s) => s.configPath);
  const setText = useAppStore((s) => s.setConfigText);
  const validate = useAppStore((s) => s.validateConfig);
  const save = useAppStore((s) => s.saveConfig);
  const canSave = useAppStore(selectCanSave);
  const dirty = useAppStore(selectConfigDirty);
  const saving = useAppStore((s) => s.configSaving);
  const saveError = useAppStore((s) => s.configSaveError);
  const loadConfig = useAppStore((s) => s.loadConfig);

  // Debounced validation: one request after the user pauses typing.
  useEffect(() => {
    const t = setTimeout(() => void validate(text), VALIDATE_DELAY_MS);
    return () => clearTimeout(t);
  }, [text, validate]);

  return (
    <section className="panel config">
      <div className="panel-head">
        <h2>Config</h2>
        <span className="muted small" data-testid="config-path">
          {path}
          {dirty ? ' · unsaved changes' : ''}
        </span>
        <button type="button" className="btn btn-small btn-ghost" disabled={!dirty} onClick={() => void loadConfig()}>
          Revert
        </button>
        <button type="button" className="btn btn-primary" data-testid="config-save" disabled={!canSave} onClick={() => void save()}>
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
      {saveError && (
        <p className="error-text" data-testid="config-save-error">
          {saveError.code}: {saveError.message}
        </p>
      )}
      <div className="config-grid">
        <div className="config-editor-col">
          <textarea
            className="code-editor"
            data-testid="config-editor"
            spellCheck={false}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <Issues />
        </div>
        <div className="config-side">
          <ServerForm />
          <ImportBox />
        </div>
      </div>
    </section>
  );
}
