import { useState } from 'react';
import type { ToolInfo } from '../../../../shared/types.js';
import { useAppStore } from '../../app/store-context.js';
import { pretty } from '../../format.js';
import { defaultArgs, parseArgs } from './schema-args.js';

function Outcome() {
  const call = useAppStore((s) => s.toolCall);
  if (!call) return null;
  if (call.pending) return <p className="muted">Calling {call.name}…</p>;
  if (call.error) {
    return (
      <pre className="result result-error" data-testid="tool-error">
        {call.error.code}: {call.error.message}
      </pre>
    );
  }
  const outcome = call.outcome;
  return (
    <pre className={outcome?.isError ? 'result result-error' : 'result'} data-testid="tool-result" data-is-error={String(!!outcome?.isError)}>
      {pretty(outcome?.structuredContent ?? outcome?.content)}
    </pre>
  );
}

export function ToolRunner({ tool }: { tool: ToolInfo }) {
  const callTool = useAppStore((s) => s.callTool);
  const pending = useAppStore((s) => !!s.toolCall?.pending);
  const [args, setArgs] = useState(() => pretty(defaultArgs(tool.inputSchema)));
  const parsed = parseArgs(args);
  return (
    <div className="tool-detail">
      <h3>
        <code>{tool.name}</code>
      </h3>
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
      <label className="block-label">
        Arguments
        <textarea className="code-editor small-editor" data-testid="tool-args" rows={8} spellCheck={false} value={args} onChange={(e) => setArgs(e.target.value)} />
      </label>
      {!parsed.ok && <p className="error-text small">{parsed.message}</p>}
      <button
        type="button"
        className="btn btn-primary"
        data-testid="tool-call"
        disabled={!parsed.ok || pending || !tool.enabled}
        onClick={() => parsed.ok && void callTool(tool.name, parsed.value)}
      >
        {pending ? 'Calling…' : 'Call'}
      </button>
      <Outcome />
    </div>
  );
}
