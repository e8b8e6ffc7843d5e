import { useEffect, useState } from 'react';
import type { ToolInfo } from '../../../../shared/types.js';
import { useAppStore } from '../../store-context.js';
import { formatMs, pretty } from '../../format.js';
import { useNow } from '../../components/use-now.js';
import { BrowseOutput } from './BrowseOutput.js';
import { ContentList } from './ContentView.js';
import { defaultArgs, parseArgs, valueProblems } from './schema-args.js';
import { OutputCheck, ToolBadges } from './ToolMeta.js';
import { SchemaForm, hasFormFields } from './SchemaForm.js';
import type { FieldErrors } from './SchemaForm.js';
import { errorTitle } from '../../error-text.js';

function Running() {
  const call = useAppStore((s) => s.toolCall);
  const cancel = useAppStore((s) => s.cancelToolCall);
  const now = useNow(250);
  if (!call?.pending) return null;
  const p = call.progress;
  return (
    <div className="running" data-testid="tool-running" role="status">
      <span className="spinner" aria-hidden="true" /> Calling {call.name}… {formatMs(now - call.startedAt)}
      {p && (
        <>
          <progress data-testid="tool-progress" value={p.progress} max={p.total ?? undefined} aria-label="Progress" />
          <span className="small">
            {p.total ? `${p.progress} / ${p.total}` : p.progress} {p.message ?? ''}
          </span>
        </>
      )}
      <button type="button" className="btn btn-small" data-testid="tool-cancel" onClick={() => void cancel()}>
        Cancel
      </button>
    </div>
  );
}

function Outcome() {
  const call = useAppStore((s) => s.toolCall);
  if (!call || call.pending) return null;
  if (call.error) {
    return (
      <div className="result result-error" data-testid="tool-error" role="alert">
        <div className="result-head" data-code={call.error.code}>
          Call failed · {errorTitle(call.error.code)}
        </div>
        <pre>{call.error.message}</pre>
      </div>
    );
  }
  const outcome = call.outcome;
  return (
    <div
      className={outcome?.isError ? 'result result-error' : 'result'}
      data-testid="tool-result"
      data-is-error={String(!!outcome?.isError)}
    >
      <div className="result-head">
        {outcome?.isError ? 'The tool reported an error' : 'Result'} · {formatMs(call.durationMs)}
      </div>
      <ContentList items={outcome?.content ?? []} structured={outcome?.structuredContent} />
      <OutputCheck check={outcome?.outputValidation} />
    </div>
  );
}

export function ToolRunner({ tool, initialArgs }: { tool: ToolInfo; initialArgs?: Record<string, unknown> }) {
  const callTool = useAppStore((s) => s.callTool);
  const pending = useAppStore((s) => !!s.toolCall?.pending);
  const formable = hasFormFields(tool.inputSchema);
  const [raw, setRaw] = useState(!formable);
  const [args, setArgs] = useState<Record<string, unknown>>(() => initialArgs ?? defaultArgs(tool.inputSchema));
  const [text, setText] = useState(() => pretty(args));
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  // JSON text that does not parse, or a number out of its bounds, blocks the call: sending the last good value would be a silent wrong call.
  const badFields = raw ? [] : Object.keys({ ...valueProblems(tool.inputSchema, args), ...fieldErrors });
  const parsed = raw
    ? parseArgs(text)
    : badFields.length > 0
      ? ({ ok: false, message: `Fix ${badFields.join(', ')} first.` } as const)
      : ({ ok: true, value: args } as const);
  // Re-run from history replaces the arguments.
  useEffect(() => {
    if (initialArgs) {
      setArgs(initialArgs);
      setText(pretty(initialArgs));
    }
  }, [initialArgs]);
  // Switching needs arguments that are an object: parsed text one way, no unparsed JSON field the other.
  const canToggle = raw ? parsed.ok : Object.keys(fieldErrors).length === 0;
  const toggle = () => {
    if (!canToggle) return;
    if (raw && parsed.ok) setArgs(parsed.value);
    if (!raw) setText(pretty(args));
    setRaw(!raw);
    // The form is rebuilt from the arguments, so no field keeps bad text.
    setFieldErrors({});
  };
  return (
    <div className="tool-detail">
      <h3>
        <code>{tool.name}</code>
      </h3>
      {tool.title && (
        <p className="tool-title" data-testid="tool-title">
          {tool.title}
        </p>
      )}
      <ToolBadges annotations={tool.annotations} />
      <p className="muted small">
        Server <code>{tool.serverId}</code> · original name <code>{tool.originalName}</code>
        {!tool.enabled && ' · disabled'}
      </p>
      <p data-testid="tool-description">{tool.description || 'No description.'}</p>
      <details>
        <summary>Input schema</summary>
        <pre className="schema" data-testid="tool-schema">
          {pretty(tool.inputSchema)}
        </pre>
      </details>
      {tool.outputSchema && (
        <details>
          <summary>Output schema</summary>
          <pre className="schema" data-testid="tool-output-schema">
            {pretty(tool.outputSchema)}
          </pre>
        </details>
      )}
      <div className="args-head">
        <span className="block-label">Arguments</span>
        {formable && (
          <button
            type="button"
            className="btn btn-small"
            data-testid="tool-args-mode"
            aria-pressed={raw}
            onClick={toggle}
            disabled={!canToggle}
          >
            {raw ? 'Use form' : 'Edit as JSON'}
          </button>
        )}
      </div>
      <div data-testid="tool-fields">
        {raw ? (
          <textarea
            className="code-editor small-editor"
            aria-label="Arguments as JSON"
            data-testid="tool-args"
            rows={8}
            spellCheck={false}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        ) : (
          <SchemaForm schema={tool.inputSchema} value={args} onChange={setArgs} onErrors={setFieldErrors} />
        )}
      </div>
      {!parsed.ok && (
        <p className="error-text small" data-testid="tool-args-error">
          {parsed.message}
        </p>
      )}
      <button
        type="button"
        className="btn btn-primary"
        data-testid="tool-call"
        disabled={!parsed.ok || pending || !tool.enabled}
        title={!tool.enabled ? 'This tool is listed in disabled_tools' : undefined}
        onClick={() => parsed.ok && void callTool(tool.name, parsed.value)}
      >
        {pending ? 'Calling…' : 'Call'}
      </button>
      <Running />
      <Outcome />
      <BrowseOutput kind="resource" />
    </div>
  );
}
