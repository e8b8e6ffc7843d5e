// Whether a server's child runs under bubblewrap (issue 22 item 6): a "sandboxed" badge when it does, and a
// "not sandboxed" one, with the reason, when its entry asked for a sandbox this machine cannot give.
import type { ServerStatus } from '../../../../shared/types.js';

const SANDBOXED_TITLE =
  'Runs under bubblewrap: read-only file system, no access to your home, SSH keys, keyring or this app’s data, ' +
  'and everything it starts ends with it.';

export function SandboxBadge({ server }: { server: ServerStatus }) {
  if (server.sandboxed) {
    return (
      <span className="badge badge-sandboxed" data-testid={`server-sandboxed-${server.id}`} title={SANDBOXED_TITLE}>
        sandboxed
      </span>
    );
  }
  if (!server.sandboxReason) return null;
  return (
    <span className="badge badge-unsandboxed" data-testid={`server-unsandboxed-${server.id}`} title={server.sandboxReason}>
      not sandboxed
    </span>
  );
}

/** The reason in words, for the expanded details. */
export function SandboxNote({ server }: { server: ServerStatus }) {
  if (server.sandboxed || !server.sandboxReason) return null;
  return (
    <p className="server-warn small" data-testid={`server-sandbox-reason-${server.id}`}>
      Not sandboxed: {server.sandboxReason}
    </p>
  );
}
