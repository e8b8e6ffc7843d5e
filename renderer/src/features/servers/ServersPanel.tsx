import { useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useAppStore } from '../../store-context.js';
import { selectServers } from '../../store.js';
import { RoutingTable } from './RoutingTable.js';
import { ServerRow } from './ServerRow.js';

const ROW_KEYS: Record<string, (i: number, n: number) => number> = {
  ArrowDown: (i, n) => Math.min(n - 1, i + 1),
  ArrowUp: (i) => Math.max(0, i - 1),
  Home: () => 0,
  End: (_i, n) => n - 1,
};

export function ServersPanel() {
  const servers = useAppStore(selectServers);
  const status = useAppStore((s) => s.status);
  // One server row at a time is in the tab order; Up/Down move to the same control of the next row, so a
  // server far down the list is a few arrows away, not three Tabs per server above it (issue 23).
  const [currentId, setCurrentId] = useState<string | undefined>(undefined);
  const current = servers.find((s) => s.id === currentId)?.id ?? servers[0]?.id;
  const onRowKey = (e: KeyboardEvent, id: string) => {
    const move = ROW_KEYS[e.key];
    if (!move || servers.length === 0) return;
    e.preventDefault();
    const target =
      servers[
        move(
          servers.findIndex((s) => s.id === id),
          servers.length,
        )
      ].id;
    const role = (e.target as HTMLElement).dataset.role ?? 'expand';
    setCurrentId(target);
    const row = document.querySelector(`[data-testid="server-row-${target}"]`);
    // The same control in the target row when it can take focus, else its expander (always enabled).
    const same = row?.querySelector<HTMLButtonElement>(`[data-role="${role}"]`);
    (same && !same.disabled ? same : row?.querySelector<HTMLElement>('[data-role="expand"]'))?.focus();
  };
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
      {servers.length > 1 && <p className="muted small">↑/↓ move between servers.</p>}
      <div className="server-list" data-testid="server-list">
        {servers.map((s) => (
          <ServerRow key={s.id} server={s} current={s.id === current} onFocusRow={setCurrentId} onRowKey={onRowKey} />
        ))}
      </div>
      <RoutingTable />
    </section>
  );
}
