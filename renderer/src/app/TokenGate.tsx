import { useState } from 'react';
import type { FormEvent } from 'react';
import { saveToken } from '../api/token.js';

/** Shown when the server rejects our token: paste the URL printed by `serve` (or the token). */
export function TokenGate() {
  const [value, setValue] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Reload so every request and the event stream start again with the new token.
    if (saveToken(value)) window.location.reload();
  };
  return (
    <div className="token-gate" data-testid="token-gate">
      <form className="card form" onSubmit={submit}>
        <h2>Sign in to this orchestrator</h2>
        <p className="muted">
          Open the <strong>Web UI</strong> link printed by <code>mcp-orchestrator serve</code>, or paste it (or the token
          from <code>mcp-orchestrator token</code>) here.
        </p>
        <input
          type="password"
          autoComplete="off"
          data-testid="token-input"
          placeholder="http://127.0.0.1:8000/#token=… or the token"
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        <button type="submit" className="btn btn-primary" data-testid="token-submit" disabled={!value.trim()}>
          Continue
        </button>
      </form>
    </div>
  );
}
