// OAuth for remote servers (issue 21 item 6): a remote server that waits for a sign-in says why, with the
// button that starts one. Once the browser comes back the server reconnects, and its state says so.
import type { ServerStatus } from '../../../../shared/types.js';
import { useAppStore } from '../../store-context.js';

export function SignInNotice({ server }: { server: ServerStatus }) {
  const id = server.id;
  const signIn = useAppStore((s) => s.signIn);
  const started = useAppStore((s) => s.signIns[id]);
  if (server.state !== 'needs-sign-in') return null;
  // Still the wait that Sign in answered: not failed meanwhile (new reason), not a later wait (new exit).
  const pending = started && started.reason === server.signInReason && started.exitAt === server.lastExit?.at;
  return (
    <div className="server-warn small sign-in-notice" data-testid={`server-sign-in-${id}`}>
      <span>Needs sign-in: {server.signInReason ?? 'the server asks for an OAuth sign-in'}.</span>{' '}
      <button
        type="button"
        className="btn btn-small btn-primary"
        data-testid={`server-sign-in-button-${id}`}
        onClick={() => void signIn(id)}
      >
        Sign in
      </button>
      {pending && (
        <span className="muted" data-testid={`server-sign-in-waiting-${id}`}>
          {' '}
          Waiting for the browser…{' '}
          <a href={started.url} target="_blank" rel="noopener noreferrer">
            open the sign-in page again
          </a>
        </span>
      )}
    </div>
  );
}
