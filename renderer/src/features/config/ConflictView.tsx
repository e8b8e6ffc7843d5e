import { useEffect, useRef } from 'react';
import { useAppStore } from '../../store-context.js';
import { DiffLines } from './DiffView.js';

/**
 * Shown when Save found the file changed on disk since the editor loaded it. Nothing was written;
 * the user picks: take the disk version (losing the edits) or write theirs over it, seeing the difference.
 */
export function ConflictView() {
  const conflict = useAppStore((s) => s.configConflict);
  const mine = useAppStore((s) => s.configText);
  const path = useAppStore((s) => s.configPath);
  const reload = useAppStore((s) => s.loadConfig);
  const overwrite = useAppStore((s) => s.overwriteConfig);
  const box = useRef<HTMLDivElement>(null);
  // Move focus to the choice, so keyboard and screen-reader users land on it.
  useEffect(() => {
    if (conflict) box.current?.focus();
  }, [conflict]);
  if (!conflict) return null;
  return (
    <div
      className="card diff conflict"
      ref={box}
      tabIndex={-1}
      role="alertdialog"
      aria-labelledby="conflict-title"
      data-testid="config-conflict"
    >
      <div className="panel-head">
        <h3 id="conflict-title">The file changed on disk</h3>
      </div>
      <p className="small">
        {path} was changed outside this editor after you opened it. Nothing was saved. Lines marked − are on disk now; lines marked + are
        yours.
      </p>
      <DiffLines before={conflict.diskText} after={mine} />
      <div className="form-actions">
        <button type="button" className="btn btn-small" data-testid="config-conflict-reload" onClick={() => void reload()}>
          Load the disk version (drop my edits)
        </button>
        <button type="button" className="btn btn-small btn-danger" data-testid="config-conflict-overwrite" onClick={() => void overwrite()}>
          Overwrite with my version
        </button>
      </div>
    </div>
  );
}
