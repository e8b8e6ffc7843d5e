import { useEffect, useMemo, useRef, useState } from 'react';
import { useAppStore } from '../../store-context.js';
import { selectCanSave, selectConfigDirty } from '../../store.js';
import type { EditorIssue } from '../../slices/config-slice.js';
import { CodeEditor } from './CodeEditor.js';
import { ConflictView } from './ConflictView.js';
import { DiffView } from './DiffView.js';
import { ImportBox } from './ImportBox.js';
import { issueSpan, lineOf } from './issue-location.js';
import { ServerForm } from './ServerForm.js';
import { useDebounced } from '../../use-debounced.js';
import { errorText } from '../../error-text.js';

const VALIDATE_DELAY_MS = 350;

function IssueLine({ issue, onJump }: { issue: EditorIssue; onJump: ((issue: EditorIssue) => void) | null }) {
  return (
    <div className="issue">
      <code>{issue.path || '(root)'}</code> {issue.message}
      {onJump && (
        <button type="button" className="link-btn" data-testid="config-jump" onClick={() => onJump(issue)}>
          Go to
        </button>
      )}
    </div>
  );
}

function Issues({ onJump }: { onJump: (issue: EditorIssue) => void }) {
  const issues = useAppStore((s) => s.configIssues);
  const valid = useAppStore((s) => s.configValid);
  const reload = useAppStore((s) => s.lastReload);
  return (
    <div className="issues" data-testid="config-issues" data-valid={valid === null ? 'unknown' : String(valid)} aria-live="polite">
      {valid === null && <span className="muted">Checking…</span>}
      {valid === true && issues.length === 0 && <span className="ok-text">Valid</span>}
      {issues.map((issue, i) => (
        <IssueLine key={i} issue={issue} onJump={onJump} />
      ))}
      {reload && !reload.ok && (
        <div className="reload-rejected" data-testid="config-reload-rejected" role="alert">
          <strong>A hand edit of {reload.path} was rejected</strong>; the previous config keeps running.
          {reload.issues.map((issue, i) => (
            <IssueLine key={i} issue={issue} onJump={null} />
          ))}
        </div>
      )}
    </div>
  );
}

function errorLinesOf(text: string, issues: EditorIssue[]): Set<number> {
  const lines = new Set<number>();
  for (const issue of issues) {
    const span = issueSpan(text, issue);
    if (span) lines.add(lineOf(text, span.start));
  }
  return lines;
}

/** Focuses the editor with the problem selected and scrolled into view. */
function selectIssue(el: HTMLTextAreaElement | null, text: string, issue: EditorIssue): void {
  const span = issueSpan(text, issue);
  if (!el || !span) return;
  el.focus();
  el.setSelectionRange(span.start, span.end);
  // Textarea rows are one line-height each.
  const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 18;
  el.scrollTop = Math.max(0, (lineOf(text, span.start) - 3) * lineHeight);
}

/** The browser's own "leave site?" question while the editor holds unsaved changes. */
function useLeaveWarning(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older Chromium (Electron's included) asks only when returnValue is set.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
}

/** Why Save is disabled, said on the button. */
function saveBlocker(dirty: boolean, valid: boolean | null, saving: boolean): string | null {
  if (saving) return 'Saving…';
  if (!dirty) return 'No unsaved changes';
  if (valid === null) return 'Checking the file…';
  if (!valid) return 'Fix the problems listed under the editor first';
  return null;
}

export function ConfigPanel() {
  const text = useAppStore((s) => s.configText);
  const saved = useAppStore((s) => s.savedText);
  const path = useAppStore((s) => s.configPath);
  const issues = useAppStore((s) => s.configIssues);
  const setText = useAppStore((s) => s.setConfigText);
  const validate = useAppStore((s) => s.validateConfig);
  const save = useAppStore((s) => s.saveConfig);
  const canSave = useAppStore(selectCanSave);
  const dirty = useAppStore(selectConfigDirty);
  const saving = useAppStore((s) => s.configSaving);
  const valid = useAppStore((s) => s.configValid);
  const saveError = useAppStore((s) => s.configSaveError);
  const loadConfig = useAppStore((s) => s.loadConfig);
  const [reviewing, setReviewing] = useState(false);
  const editor = useRef<HTMLTextAreaElement>(null);
  const saveButton = useRef<HTMLButtonElement>(null);
  useLeaveWarning(dirty);

  // Debounced validation: one request after the user pauses typing.
  const validateSoon = useDebounced(() => void validate(text), VALIDATE_DELAY_MS);
  useEffect(() => validateSoon.trigger(), [text, validateSoon]);

  const errorLines = useMemo(() => errorLinesOf(text, issues), [issues, text]);
  const jump = (issue: EditorIssue) => selectIssue(editor.current, text, issue);
  // Focus goes where the user continues: back to the editor after saving (Save… is disabled then),
  // back to Save… after leaving the review.
  const confirm = () => {
    setReviewing(false);
    // A conflict takes focus itself (ConflictView); only a save that went through returns to the editor.
    void save().then((saved) => {
      if (saved) editor.current?.focus();
    });
  };
  const cancelReview = () => {
    setReviewing(false);
    requestAnimationFrame(() => saveButton.current?.focus());
  };
  const revert = () => {
    if (window.confirm('Discard your unsaved changes to the config and load the file from disk?')) void loadConfig();
  };

  return (
    <section className="panel config">
      <div className="panel-head">
        <h2>Config</h2>
        <span className="muted small path" data-testid="config-path">
          {path}
          {dirty ? ' · unsaved changes' : ''}
        </span>
        <button type="button" className="btn btn-small btn-ghost" disabled={!dirty} data-testid="config-revert" onClick={revert}>
          Revert
        </button>
        <button
          type="button"
          className="btn btn-primary"
          data-testid="config-save"
          ref={saveButton}
          disabled={!canSave || reviewing}
          title={saveBlocker(dirty, valid, saving) ?? 'Review the changes, then write them to disk'}
          onClick={() => setReviewing(true)}
        >
          {saving ? 'Saving…' : 'Save…'}
        </button>
      </div>
      {saveError && (
        <p className="error-text" data-testid="config-save-error" data-code={saveError.code}>
          {errorText(saveError)}
        </p>
      )}
      <ConflictView />
      {reviewing && <DiffView before={saved} after={text} onConfirm={confirm} onCancel={cancelReview} />}
      <div className="config-grid">
        <div className="config-editor-col">
          <CodeEditor ref={editor} value={text} onChange={setText} errorLines={errorLines} />
          <Issues onJump={jump} />
        </div>
        <div className="config-side">
          <ServerForm />
          <ImportBox />
        </div>
      </div>
    </section>
  );
}
