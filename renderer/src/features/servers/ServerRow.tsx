import type { ServerStatus } from '../../../../shared/types.js';
import { useAppStore } from '../../app/store-context.js';
import { useNow } from '../../components/use-now.js';
import { formatDuration, formatMs } from '../../format.js';
import { ServerDetails } from './ServerDetails.js';

function Uptime({ server }: { server: ServerStatus }) {
  const now = useNow();
  if (!server.startedAt || (server.state !== 'running' && server.state !== 'degraded')) return <>—</>;
  return <>{formatDuration(now - server.startedAt)}</>;
}

export function ServerRow({ server }: { server: ServerStatus }) {
  const id = server.id;
  const busy = useAppStore((s) => !!s.busyServers[id]);
  const expanded = useAppStore((s) => !!s.expanded[id]);
  const toggle = useAppStore((s) => s.toggleExpanded);
  const act = useAppStore((s) => s.serverAction);
  const live = server.state !== 'stopped' && server.state !== 'failed';
  return (
    <div className={`server ${expanded ? 'expanded' : ''}`} data-testid={`server-row-${id}`}>
      <div className="server-head">
        <button
          type="button"
          className="expander"
          aria-expanded={expanded}
          data-testid={`server-expand-${id}`}
          onClick={() => toggle(id)}
        >
          {expanded ? '▾' : '▸'}
        </button>
        <div className="server-title">
          <strong>{server.name || id}</strong>
          <span className="muted small">
            {id} · {server.transport}
            {server.pid ? ` · pid ${server.pid}` : ''}
          </span>
        </div>
        <span className={`badge state-${server.state}`} data-testid={`server-state-${id}`} data-state={server.state}>
          {server.state}
        </span>
        <dl className="server-stats">
          <div>
            <dt>Uptime</dt>
            <dd data-testid={`server-uptime-${id}`}>
              <Uptime server={server} />
            </dd>
          </div>
          <div>
            <dt>Restarts</dt>
            <dd data-testid={`server-restarts-${id}`}>{server.restarts}</dd>
          </div>
          <div>
            <dt>Calls</dt>
            <dd data-testid={`server-calls-${id}`}>{server.calls}</dd>
          </div>
          <div>
            <dt>p50</dt>
            <dd data-testid={`server-p50-${id}`}>{formatMs(server.latencyP50Ms)}</dd>
          </div>
        </dl>
        <div className="server-actions">
          <button type="button" className="btn btn-small" data-testid={`server-start-${id}`} disabled={busy || live} onClick={() => void act(id, 'start')}>
            Start
          </button>
          <button type="button" className="btn btn-small" data-testid={`server-stop-${id}`} disabled={busy || !live} onClick={() => void act(id, 'stop')}>
            Stop
          </button>
          <button type="button" className="btn btn-small" data-testid={`server-restart-${id}`} disabled={busy} onClick={() => void act(id, 'restart')}>
            Restart
          </button>
        </div>
      </div>
      {server.lastError && (
        <div className="server-error" data-testid={`server-error-${id}`}>
          {server.lastError}
        </div>
      )}
      {server.envWarning && (
        <div className="server-warn small" data-testid={`server-env-warning-${id}`}>
          ⚠ {server.envWarning}
        </div>
      )}
      {server.missingEnv.length > 0 && !expanded && (
        <div className="server-warn small">Missing: {server.missingEnv.join(', ')} (expand to set)</div>
      )}
      {expanded && <ServerDetails server={server} />}
    </div>
  );
}
