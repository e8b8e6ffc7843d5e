import { useRef } from 'react';
import type { AgentStep } from '../../../../shared/agent.js';
import { useAppStore } from '../../store-context.js';
import { formatMs } from '../../format.js';

const STATUS_LABEL: Record<AgentStep['status'], string> = {
  'awaiting-approval': 'waiting for approval',
  running: 'running…',
  ok: 'done',
  error: 'failed',
  denied: 'denied',
  cancelled: 'stopped',
};

const pretty = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v, null, 2));

/** Allow / Deny for a call that waits. The buttons go away once answered, so focus moves to the step itself. */
function Approval({ requestId, step, onAnswered }: { requestId: string; step: AgentStep; onAnswered: () => void }) {
  const store = useAppStore((s) => s.approveToolCall);
  const approve = (id: string, callId: string, allow: boolean) => {
    onAnswered();
    return store(id, callId, allow);
  };
  return (
    <div className="step-approval" role="group" aria-label={`Approve ${step.tool}`} data-testid="tool-approval">
      <span className="small">
        <strong>{step.tool}</strong> may change something. Run it?
      </span>
      <button
        type="button"
        className="btn btn-small btn-primary"
        data-testid="tool-allow"
        onClick={() => void approve(requestId, step.id, true)}
      >
        Allow
      </button>
      <button type="button" className="btn btn-small" data-testid="tool-deny" onClick={() => void approve(requestId, step.id, false)}>
        Deny
      </button>
    </div>
  );
}

function Step({ requestId, step }: { requestId: string; step: AgentStep }) {
  const summary = useRef<HTMLElement>(null);
  return (
    <li className={`tool-step tool-step-${step.status}`} data-testid="tool-step" data-tool={step.tool} data-status={step.status}>
      <details>
        <summary ref={summary}>
          <span className="tool-step-name">{step.tool}</span>
          {step.server && <span className="pill">{step.server}</span>}
          <span className="muted small" data-testid="tool-step-status">
            {STATUS_LABEL[step.status]}
            {step.ms !== undefined ? ` · ${formatMs(step.ms)}` : ''}
          </span>
        </summary>
        <div className="tool-step-body">
          <div className="small muted">Arguments</div>
          <pre data-testid="tool-step-args">{pretty(step.arguments)}</pre>
          {step.error && (
            <p className="small" data-testid="tool-step-error">
              Error: {step.error}
            </p>
          )}
          {step.result !== undefined && (
            <>
              <div className="small muted">Result</div>
              <pre data-testid="tool-step-result">{step.result}</pre>
            </>
          )}
        </div>
      </details>
      {step.status === 'awaiting-approval' && <Approval requestId={requestId} step={step} onAnswered={() => summary.current?.focus()} />}
    </li>
  );
}

/** The tool calls of one agent turn, inline and collapsed; a call that waits shows Allow / Deny. */
export function ToolSteps({ requestId, steps }: { requestId: string; steps: AgentStep[] }) {
  if (steps.length === 0) return null;
  return (
    <ol className="tool-steps" aria-label="Tool calls">
      {steps.map((s) => (
        <Step key={s.id} requestId={requestId} step={s} />
      ))}
    </ol>
  );
}
