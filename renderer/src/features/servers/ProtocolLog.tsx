// The protocol log of one server: every JSON-RPC message both ways (redacted and bounded by the
// core), live, filterable by direction, method and text, and exportable as JSON.
import { useEffect, useState } from 'react';
import { useAppStore } from '../../store-context.js';
import { formatTime } from '../../format.js';
import { exportJson, filterEntries, type ProtocolFilter } from './protocol-filter.js';

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

const size = (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`);

export function ProtocolLog({ id }: { id: string }) {
  const view = useAppStore((s) => (s.protocolView?.serverId === id ? s.protocolView : null));
  const open = useAppStore((s) => s.openProtocolLog);
  const close = useAppStore((s) => s.closeProtocolLog);
  const [filter, setFilter] = useState<ProtocolFilter>({ direction: 'all', method: '', text: '' });
  useEffect(() => () => close(), [close]);
  if (!view) {
    return (
      <button type="button" className="secondary" data-testid={`protocol-open-${id}`} onClick={() => void open(id)}>
        Show protocol log
      </button>
    );
  }
  const shown = filterEntries(view.entries, filter);
  const set = (patch: Partial<ProtocolFilter>) => setFilter((f) => ({ ...f, ...patch }));
  return (
    <div className="protocol-log" data-testid={`protocol-log-${id}`}>
      <div className="row">
        <label>
          Direction{' '}
          <select
            data-testid="protocol-direction"
            value={filter.direction}
            onChange={(e) => set({ direction: e.target.value as ProtocolFilter['direction'] })}
          >
            <option value="all">Both</option>
            <option value="to-server">To server</option>
            <option value="from-server">From server</option>
          </select>
        </label>
        <label>
          Method <input data-testid="protocol-method" type="text" value={filter.method} onChange={(e) => set({ method: e.target.value })} />
        </label>
        <label>
          Text <input data-testid="protocol-text" type="search" value={filter.text} onChange={(e) => set({ text: e.target.value })} />
        </label>
        <button
          type="button"
          data-testid="protocol-export"
          onClick={() => download(`protocol-${id}.json`, exportJson(id, shown, view.dropped))}
        >
          Export JSON
        </button>
        <button type="button" className="secondary" onClick={close}>
          Hide
        </button>
      </div>
      <p className="muted small" data-testid="protocol-count">
        {shown.length} of {view.entries.length} messages{view.dropped ? `, ${view.dropped} older ones dropped` : ''}. Secrets are masked.
      </p>
      <div className="log protocol-entries" tabIndex={0} role="log" aria-label={`Protocol log of ${id}`}>
        {shown.map((e) => (
          <details key={e.seq} className={`protocol-entry protocol-${e.direction}`} data-testid="protocol-entry" data-method={e.method}>
            <summary>
              <span className="log-time">{formatTime(e.time)}</span> {e.direction === 'to-server' ? '→' : '←'}{' '}
              <span className="sr-only">{e.direction === 'to-server' ? 'to server' : 'from server'}</span>
              <code>{e.method}</code>
              {e.id !== undefined && <span className="muted small"> #{String(e.id)}</span>}{' '}
              <span className="muted small">{size(e.size)}</span>
            </summary>
            <pre className="pre-wrap small">{e.text || '(large message: open the export or reload the log for its text)'}</pre>
          </details>
        ))}
      </div>
    </div>
  );
}
