// Client tokens on the Connect page: one per IDE, bound to the endpoint picked above (the full set or a profile).
// A new token is shown once, and the snippets below fill it in; the list shows where each may go and when it was
// last used, with Revoke. The admin token (this page's own) never goes into a snippet.
import { useEffect, useState, type FormEvent } from 'react';
import { useAppStore } from '../../store-context.js';
import { CopyButton } from '../../components/CopyButton.js';
import { clientEndpoint } from '../../../../shared/profiles.js';

export interface CreatedToken {
  name: string;
  profile: string | null;
  token: string;
}

interface Props {
  /** The profile picked above, or null for /mcp. */
  profile: string | null;
  created: CreatedToken | null;
  onCreated(token: CreatedToken | null): void;
}

const when = (ms: number | null) => (ms === null ? 'never used' : `last used ${new Date(ms).toLocaleString()}`);

export function ClientTokens({ profile, created, onCreated }: Props) {
  const clients = useAppStore((s) => s.clients);
  const load = useAppStore((s) => s.loadClients);
  const add = useAppStore((s) => s.addClient);
  const revoke = useAppStore((s) => s.revokeClient);
  const [name, setName] = useState('');
  useEffect(() => void load(), [load]);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const wanted = name.trim();
    if (!wanted) return;
    const token = await add(wanted, profile);
    if (token) {
      onCreated({ name: wanted, profile, token });
      setName('');
    }
  };
  const onRevoke = async (client: string) => {
    if (!window.confirm(`Revoke the token of "${client}"? That client is disconnected and must get a new token.`)) return;
    if ((await revoke(client)) && created?.name === client) onCreated(null);
  };

  return (
    <div className="card" data-testid="client-tokens">
      <h3>Client tokens</h3>
      <p className="muted small">
        Give each IDE its own token. It reaches only <code>{clientEndpoint(profile)}</code> (the endpoint picked above), never the control
        API, and can be revoked alone.
      </p>
      <form className="kv" onSubmit={(e) => void onSubmit(e)}>
        <label className="k" htmlFor="client-name">
          Name
        </label>
        <input
          id="client-name"
          data-testid="client-name"
          value={name}
          placeholder="cursor"
          pattern="[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}"
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="btn btn-small" data-testid="client-create" disabled={!name.trim()}>
          Create token for {clientEndpoint(profile)}
        </button>
      </form>
      {created ? (
        <div className="kv" role="status" data-testid="client-created">
          <span className="k">New token</span>
          <code data-testid="client-created-token">{created.token}</code>
          <CopyButton text={created.token} testId="client-created-copy" />
          <span className="muted small">
            for {created.name} on {clientEndpoint(created.profile)}; shown only now (the snippets below use it)
          </span>
        </div>
      ) : null}
      {clients.length ? (
        <ul className="plain-list" data-testid="client-list">
          {clients.map((c) => (
            <li key={c.name} data-testid={`client-${c.name}`}>
              <strong>{c.name}</strong> <code>{clientEndpoint(c.profile)}</code> <span className="muted small">{when(c.lastUsedAt)}</span>{' '}
              <button
                type="button"
                className="btn btn-small btn-danger"
                data-testid={`client-revoke-${c.name}`}
                aria-label={`Revoke ${c.name}`}
                onClick={() => void onRevoke(c.name)}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">No client tokens yet.</p>
      )}
    </div>
  );
}
