// A running child's side of `initialize`: the protocol version both sides agreed on, the server's
// name and version, and the capabilities it declared. Fetched when the details open and again when
// the child is a new process (its pid changed), since a restart negotiates anew.
import { useEffect } from 'react';
import type { ServerStatus } from '../../../../shared/types.js';
import { useAppStore } from '../../store-context.js';

/** `resources (subscribe, listChanged)`: each capability with the flags it sets. */
function describeCapabilities(caps: Record<string, unknown>): string[] {
  return Object.entries(caps).map(([name, v]) => {
    const flags = typeof v === 'object' && v !== null ? Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] === true) : [];
    return flags.length ? `${name} (${flags.join(', ')})` : name;
  });
}

export function ServerProtocol({ server }: { server: ServerStatus }) {
  const entry = useAppStore((s) => s.serverInfo[server.id]);
  const load = useAppStore((s) => s.loadServerInfo);
  const running = server.state === 'running' || server.state === 'degraded';
  useEffect(() => {
    if (running) void load(server.id);
  }, [running, server.pid, server.id, load]);
  if (!running) return null;
  const info = entry?.info;
  return (
    <div className="detail-block protocol-info" data-testid={`server-protocol-${server.id}`}>
      <h3>Protocol</h3>
      {entry?.error && <p className="muted small">{entry.error.message}</p>}
      {!entry && <p className="muted small">Loading…</p>}
      {info && (
        <dl>
          <dt>Version</dt>
          <dd data-testid={`server-protocol-version-${server.id}`}>{info.protocolVersion ?? 'not reported'}</dd>
          <dt>Server</dt>
          <dd data-testid={`server-info-${server.id}`}>
            {info.serverInfo ? `${info.serverInfo.title ?? info.serverInfo.name} ${info.serverInfo.version}` : 'not reported'}
          </dd>
          <dt>Capabilities</dt>
          <dd data-testid={`server-capabilities-${server.id}`}>{describeCapabilities(info.capabilities).join(' · ') || 'none'}</dd>
        </dl>
      )}
    </div>
  );
}
