import { useState } from 'react';
import type { ChangeEvent } from 'react';
import { useAppStore } from '../../store-context.js';
import { ImportPreview } from './ImportPreview.js';

/**
 * Paste or pick a Claude Desktop / Cursor / VS Code / Claude Code config. Import first shows what would be added
 * (command or URL, secrets referenced, keys moving to the keychain, collisions), asks for VS Code inputs and shows
 * the diff of the config file; nothing is written or started until confirmed.
 */
export function ImportBox() {
  const previewImport = useAppStore((s) => s.previewImport);
  const cancelImport = useAppStore((s) => s.cancelImport);
  const importConfig = useAppStore((s) => s.importConfig);
  const preview = useAppStore((s) => s.importPreview);
  const imported = useAppStore((s) => s.importedIds);
  const missing = useAppStore((s) => s.importMissing);
  const [text, setText] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) setText(await file.text());
    e.target.value = '';
  };
  const busyWhile = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    await fn();
    setBusy(false);
  };
  const confirm = () =>
    busyWhile(async () => {
      if (await importConfig(text, values)) setText('');
      setValues({});
    });
  const cancel = () => {
    setValues({});
    cancelImport();
  };

  return (
    <div className="card form" data-testid="import-box">
      <h3>Import</h3>
      <p className="muted small">
        Claude Desktop <code>claude_desktop_config.json</code>, Cursor <code>mcp.json</code>, VS Code <code>.vscode/mcp.json</code> or
        Claude Code <code>.mcp.json</code>.
      </p>
      <textarea
        className="code-editor small-editor"
        data-testid="import-text"
        rows={5}
        spellCheck={false}
        placeholder='{"mcpServers": {...}}'
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (preview) cancel();
        }}
      />
      <div className="form-actions">
        <label className="btn btn-small file-btn">
          Choose file…
          <input type="file" accept=".json,application/json" data-testid="import-file" onChange={(e) => void onFile(e)} />
        </label>
        <button
          type="button"
          className="btn btn-primary"
          data-testid="import-submit"
          disabled={busy || !text.trim() || preview !== null}
          onClick={() => void busyWhile(() => previewImport(text))}
        >
          Import…
        </button>
      </div>
      {preview && (
        <ImportPreview
          preview={preview}
          values={values}
          onValue={(id, v) => setValues((old) => ({ ...old, [id]: v }))}
          busy={busy}
          onConfirm={() => void confirm()}
          onCancel={cancel}
        />
      )}
      {imported && (
        <p className="small" data-testid="import-result">
          Imported: {imported.length ? imported.join(', ') : 'nothing new'}
          {missing.length > 0 && (
            <span className="warn-text" data-testid="import-missing">
              {' '}
              — missing key{missing.length > 1 ? 's' : ''} {missing.join(', ')}: the servers using {missing.length > 1 ? 'them' : 'it'}{' '}
              wait; set {missing.length > 1 ? 'them' : 'it'} on the Keys page
            </span>
          )}
        </p>
      )}
    </div>
  );
}
