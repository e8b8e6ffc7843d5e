import { selectHealth } from '../store.js';
import { useAppStore } from './store-context.js';

const HEALTH_TEXT = { ok: 'All running', warn: 'Needs attention', stopped: 'Stopped', unknown: 'Connecting…' };
const CONNECTION_TEXT = {
  open: 'live',
  connecting: 'reconnecting…',
  closed: 'offline',
  unauthorized: 'token rejected: open the URL printed by serve',
};

export function Header() {
  const health = useAppStore(selectHealth);
  const totals = useAppStore((s) => s.status?.totals);
  const connection = useAppStore((s) => s.connection);
  const allAction = useAppStore((s) => s.allAction);
  return (
    <header className="header">
      <div className="brand">
        <span className={`dot dot-${health}`} data-testid="health-dot" data-health={health} title={HEALTH_TEXT[health]} />
        <h1>MCP Orchestrator</h1>
      </div>
      <div className="header-meta">
        {totals && (
          <span data-testid="header-totals">
            {totals.running}/{totals.servers} running · {totals.tools} tools · {totals.calls} calls
          </span>
        )}
        <span className={`conn conn-${connection}`} data-testid="connection-state" data-state={connection}>
          {CONNECTION_TEXT[connection]}
        </span>
        <button type="button" className="btn btn-small" data-testid="start-all" onClick={() => void allAction('start')}>
          Start all
        </button>
        <button type="button" className="btn btn-small" data-testid="stop-all" onClick={() => void allAction('stop')}>
          Stop all
        </button>
      </div>
    </header>
  );
}
