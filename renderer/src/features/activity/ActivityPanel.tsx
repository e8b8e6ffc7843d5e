// Activity: every tools/call through the gateway, from the audit log, newest first and live. Arguments
// are shown only as their size and hash: the log never holds their values.
import { useEffect, useState } from 'react';
import type { AuditEntry } from '../../../../shared/audit.js';
import { useAppStore } from '../../store-context.js';
import { selectServers } from '../../store.js';
import { ACTIVITY_RANGES } from '../../slices/activity-slice.js';
import type { ActivityFilter, ActivityRange } from '../../slices/activity-slice.js';
import { formatMs } from '../../format.js';
import { useDebounced } from '../../use-debounced.js';

const RANGE_LABELS: Record<ActivityRange, string> = {
  all: 'Any time',
  '15m': 'Last 15 minutes',
  '1h': 'Last hour',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
};
/** Typing in a text filter refetches once the user pauses. */
const TYPE_DELAY_MS = 300;

/** A text filter applied after a pause, so each keystroke is not a read of the log. */
function TextFilter({ field, label }: { field: 'client' | 'tool'; label: string }) {
  const value = useAppStore((s) => s.activityFilter[field]);
  const setFilter = useAppStore((s) => s.setActivityFilter);
  const [text, setText] = useState(value);
  const apply = useDebounced(() => setFilter({ [field]: text }), TYPE_DELAY_MS);
  useEffect(() => {
    if (text === value) apply.cancel();
    else apply.trigger();
  }, [text, value, apply]);
  return (
    <label className="activity-filter">
      <span>{label}</span>
      <input data-testid={`activity-${field}`} value={text} placeholder="any" onChange={(e) => setText(e.target.value)} />
    </label>
  );
}

function Filters() {
  const filter = useAppStore((s) => s.activityFilter);
  const setFilter = useAppStore((s) => s.setActivityFilter);
  const servers = useAppStore(selectServers);
  return (
    <div className="activity-filters" role="group" aria-label="Filter the activity">
      <label className="activity-filter">
        <span>Time</span>
        <select data-testid="activity-range" value={filter.range} onChange={(e) => setFilter({ range: e.target.value as ActivityRange })}>
          {(Object.keys(ACTIVITY_RANGES) as ActivityRange[]).map((r) => (
            <option key={r} value={r}>
              {RANGE_LABELS[r]}
            </option>
          ))}
        </select>
      </label>
      <label className="activity-filter">
        <span>Server</span>
        <select data-testid="activity-server" value={filter.server} onChange={(e) => setFilter({ server: e.target.value })}>
          <option value="">Any server</option>
          <option value="orchestrator">orchestrator</option>
          {servers.map((s) => (
            <option key={s.id} value={s.id}>
              {s.id}
            </option>
          ))}
        </select>
      </label>
      <TextFilter field="client" label="Client" />
      <TextFilter field="tool" label="Tool" />
      <label className="activity-filter">
        <span>Outcome</span>
        <select
          data-testid="activity-outcome"
          value={filter.outcome}
          onChange={(e) => setFilter({ outcome: e.target.value as ActivityFilter['outcome'] })}
        >
          <option value="">Any outcome</option>
          <option value="ok">ok</option>
          <option value="error">error</option>
          <option value="cancelled">cancelled</option>
        </select>
      </label>
    </div>
  );
}

function Row({ e }: { e: AuditEntry }) {
  return (
    <tr data-testid="activity-row" data-server={e.server} data-tool={e.tool} data-outcome={e.outcome}>
      <td>
        <time dateTime={e.time}>{new Date(e.time).toLocaleString()}</time>
      </td>
      <td>
        {e.client}
        {e.profile && <span className="muted small"> · {e.profile}</span>}
      </td>
      <td>{e.server}</td>
      <td>
        <code>{e.tool}</code>
      </td>
      <td>
        <span className={`badge outcome-${e.outcome}`}>{e.outcome}</span>
        {e.error && <div className="small error-text">{e.error}</div>}
      </td>
      <td>{formatMs(e.latencyMs)}</td>
      <td title={`SHA-256 of the arguments' canonical JSON: ${e.argSha256}`} data-testid="activity-args">
        <code>{e.argSha256.slice(0, 12)}</code> <span className="muted small">{e.argBytes} B</span>
      </td>
    </tr>
  );
}

export function ActivityPanel() {
  const entries = useAppStore((s) => s.activity);
  const more = useAppStore((s) => s.activityMore);
  const loading = useAppStore((s) => s.activityLoading);
  const loaded = useAppStore((s) => s.activityLoaded);
  const load = useAppStore((s) => s.loadActivity);
  const loadOlder = useAppStore((s) => s.loadOlderActivity);
  // Fetched each time the page opens: lines written while it was closed were not kept.
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section className="panel activity">
      <div className="panel-head">
        <h2>Activity</h2>
        <span className="muted small" data-testid="activity-count" role="status">
          {loaded ? `${entries.length} ${entries.length === 1 ? 'call' : 'calls'} shown, newest first` : 'Loading…'}
        </span>
      </div>
      <p className="muted small">
        Every tool call through the gateway, from the audit log. Arguments are recorded only as their size and SHA-256 hash, never their
        values.
      </p>
      <Filters />
      {loaded && entries.length === 0 && (
        <p className="muted" data-testid="activity-empty">
          No calls match.
        </p>
      )}
      {entries.length > 0 && (
        <div className="table-scroll activity-table" tabIndex={0} role="region" aria-label="Calls">
          <table data-testid="activity-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Client</th>
                <th scope="col">Server</th>
                <th scope="col">Tool</th>
                <th scope="col">Outcome</th>
                <th scope="col">Latency</th>
                <th scope="col">Arguments (hash, size)</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e, i) => (
                <Row key={`${e.time}-${e.argSha256}-${i}`} e={e} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more && (
        <button type="button" className="btn btn-small" data-testid="activity-older" disabled={loading} onClick={() => void loadOlder()}>
          {loading ? 'Loading…' : 'Load older'}
        </button>
      )}
    </section>
  );
}
