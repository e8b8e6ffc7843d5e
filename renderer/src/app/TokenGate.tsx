import { useState } from 'react';
import type { FormEvent } from 'react';
import { saveToken } from '../api/token.js';

const REASONS = {
  missing: 'This page needs the orchestrator’s token.',
  rejected: 'The orchestrator rejected the token this page had (it may have been rotated).',
};

/** Shown without a token (nothing is requested) or when the server rejects ours. */
export function TokenGate({ reason }: { reason: keyof typeof REASONS }) {
  const [value, setValue] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Reload so every request and the event stream start again with the new token.
    if (saveToken(value)) window.location.reload();
  };
  return (
    <main className="token-gate" data-testid="token-gate" data-reason={reason}>
      <form className="card form" onSubmit={submit}>
        <h1>Sign in to this orchestrator</h1>
        <p
          className={reason === 'rejected' ? 'error-text' : 'muted'}
          data-testid="token-gate-reason"
          role={reason === 'rejected' ? 'alert' : undefined}
        >
          {REASONS[reason]}
        </p>
        <p className="muted">
          Open the <strong>Web UI</strong> link printed by <code>mcp-orchestrator serve</code>, or paste it (or the token from{' '}
          <code>mcp-orchestrator token</code>) here.
        </p>
        <label className="block-label">
          Token or Web UI link
          <input
            type="password"
            autoComplete="off"
            data-testid="token-input"
            placeholder="http://127.0.0.1:8000/#token=… or the token"
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        </label>
        <button type="submit" className="btn btn-primary" data-testid="token-submit" disabled={!value.trim()}>
          Continue
        </button>
      </form>
    </main>
  );
}
