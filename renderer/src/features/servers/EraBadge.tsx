// The protocol era a running child speaks (issue 21): the version it negotiated, "2026-07-28" (stateless, over
// server/discover) or a 2025 one (over initialize), so a user sees at a glance which servers are on which era.
import type { ServerStatus } from '../../../../shared/types.js';

/** 2026-07-28 and later are the stateless era; anything older is a 2025-era (initialize) session. */
function isModernVersion(version: string): boolean {
  return version >= '2026-07-28';
}

export function EraBadge({ server }: { server: ServerStatus }) {
  const version = server.protocolVersion;
  if (!version) return null;
  const modern = isModernVersion(version);
  const title = modern
    ? 'Speaks MCP 2026-07-28: stateless requests, negotiated with server/discover'
    : 'Speaks a 2025 MCP revision: a session opened with initialize';
  return (
    <span
      className={`badge badge-era ${modern ? 'badge-era-modern' : 'badge-era-legacy'}`}
      data-testid={`server-era-${server.id}`}
      data-era={modern ? 'modern' : 'legacy'}
      title={title}
    >
      MCP {version}
    </span>
  );
}
