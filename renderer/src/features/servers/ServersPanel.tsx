import { useAppStore } from '../../store-context.js';
import { selectServers } from '../../store.js';
import { RoutingTable } from './RoutingTable.js';
import { ServerRow } from './ServerRow.js';

export function ServersPanel() {
  const servers = useAppStore(selectServers);
  const status = useAppStore((s) => s.status);
  return (
    <section className="panel">
      <div className="panel-head">
        <h2>Servers</h2>
        {status && (
          <span className="muted small">
            Secrets: {status.secretStore === 'keychain' ? 'OS keychain' : 'keychain unavailable'} · Config: {status.configPath}
          </span>
        )}
      </div>
      {!status && <p className="muted">Loading status…</p>}
      {status && servers.length === 0 && <p className="muted">No servers configured. Add one in Config.</p>}
      <div className="server-list" data-testid="server-list">
        {servers.map((s) => (
          <ServerRow key={s.id} server={s} />
        ))}
      </div>
      <RoutingTable />
    </section>
  );
}
