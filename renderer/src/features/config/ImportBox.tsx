import { useState } from 'react';
import type { ChangeEvent } from 'react';
import type { ImportPreviewEntry } from '../../../../shared/types.js';
import { useAppStore } from '../../store-context.js';

/**
 * Paste or pick a Claude Desktop / Cursor / VS Code config. Import first shows what would be added
 * (command or URL, secrets referenced, keys moving to the keychain); nothing is written or started until confirmed.
 */
export function ImportBox() {
  const previewImport = useAppStore((s) => s.previewImport);
  const cancelImport = useAppStore((s) => s.cancelImport);
  const importConfig = useAppStore((s) => s.importConfig);
  const preview = useAppStore((s) => s.importPreview);
  const imported = useAppStore((s) => s.importedIds);
  const [text, setText] = useState('');
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
  const confirm = () => busyWhile(async () => (await importConfig(text)) && setText(''));

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
        onChange={(e) => {
          setText(e.target.value);
          if (preview) cancelImport();
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
      {preview && <ImportPreview entries={preview} busy={busy} onConfirm={() => void confirm()} onCancel={cancelImport} />}
      {imported && (
        <p className="small" data-testid="import-result">
          Imported: {imported.length ? imported.join(', ') : 'nothing new'}
        </p>
      )}
    </div>
  );
}

function ImportPreview(p: { entries: ImportPreviewEntry[]; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  if (p.entries.length === 0) {
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
      <p className="small">This adds {p.entries.length} server(s). Nothing is written or started until you confirm:</p>
      <ul className="small">
        {p.entries.map((e) => (
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
            {e.warnings.map((w) => (
              <div key={w} className="warn">
                ⚠ {w}
              </div>
            ))}
          </li>
        ))}
      </ul>
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
