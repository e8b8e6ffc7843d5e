import { useState } from 'react';
import type { ChangeEvent } from 'react';
import { useAppStore } from '../../app/store-context.js';

/** Paste or pick a Claude Desktop / Cursor / VS Code config; the core merges its servers. */
export function ImportBox() {
  const importConfig = useAppStore((s) => s.importConfig);
  const imported = useAppStore((s) => s.importedIds);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) setText(await file.text());
    e.target.value = '';
  };
  const submit = async () => {
    setBusy(true);
    if (await importConfig(text)) setText('');
    setBusy(false);
  };

  return (
    <div className="card form" data-testid="import-box">
      <h3>Import</h3>
      <p className="muted small">
        Claude Desktop <code>claude_desktop_config.json</code>, Cursor <code>mcp.json</code> or VS Code <code>.vscode/mcp.json</code>.
      </p>
      <textarea
        className="code-editor small-editor"
        data-testid="import-text"
        rows={5}
        spellCheck={false}
        placeholder='{"mcpServers": {...}}'
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="form-actions">
        <label className="btn btn-small file-btn">
          Choose file…
          <input type="file" accept=".json,application/json" data-testid="import-file" onChange={(e) => void onFile(e)} />
        </label>
        <button type="button" className="btn btn-primary" data-testid="import-submit" disabled={busy || !text.trim()} onClick={() => void submit()}>
          Import
        </button>
      </div>
      {imported && (
        <p className="small" data-testid="import-result">
          Imported: {imported.length ? imported.join(', ') : 'nothing new'}
        </p>
      )}
    </div>
  );
}
