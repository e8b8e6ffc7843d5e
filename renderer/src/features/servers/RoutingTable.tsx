import { useAppStore } from '../../store-context.js';
import { useNow } from '../../components/use-now.js';
import { routingRows } from './routing-rows.js';

/** How vendor="auto" calls spread: the strategy and each vendor's routed calls (status.routing). */
export function RoutingTable() {
  const status = useAppStore((s) => s.status);
  const now = useNow();
  const rows = routingRows(status, now);
  if (!status?.routing || rows.length === 0) return null;
  return (
    <div className="routing" data-testid="routing-table">
      <h3>
        Routing <span className="muted small">strategy: {status.routing.strategy}</span>
      </h3>
      <table>
        <thead>
          <tr>
            <th>vendor</th>
            <th>serves</th>
            <th>in flight</th>
            <th>calls</th>
            <th>errors</th>
            <th>p50</th>
            <th>p95</th>
            <th>state</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.vendor} data-testid={`routing-${r.vendor}`}>
              <td>{r.vendor}</td>
              <td>{r.serves}</td>
              <td>{r.inflight}</td>
              <td>{r.calls}</td>
              <td>{r.errors}</td>
              <td>{r.p50}</td>
              <td>{r.p95}</td>
              <td>{r.state}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
