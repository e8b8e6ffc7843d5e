import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ServerStatus } from '../../../../shared/types.js';
import { useAppStore } from '../../store-context.js';
import { formatTime } from '../../format.js';
import { selectServerLogs, selectToolsForServer } from '../../store.js';
import { EnvVarRow } from './EnvVarRow.js';
import { SandboxNote } from './SandboxBadge.js';
import { ServerProtocol } from './ServerProtocol.js';
import { ProtocolLog } from './ProtocolLog.js';

function ServerLog({ id }: { id: string }) {
  const lines = useAppStore(selectServerLogs(id));
  const loadLogs = useAppStore((s) => s.loadLogs);
  const box = useRef<HTMLPreElement>(null);
  useEffect(() => {
    void loadLogs(id);
  }, [id, loadLogs]);
  // Follow the tail as lines arrive.
  useEffect(() => {
    if (box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lines]);
  return (
    // Focusable and named: it scrolls, so keyboard users must be able to reach and scroll it (axe: scrollable-region-focusable).
    <pre className="log" ref={box} data-testid={`server-log-${id}`} tabIndex={0} role="log" aria-label={`Log of ${id}`}>
      {lines.length === 0 ? <span className="muted">No output yet.</span> : null}
      {lines.map((l, i) => (
        <div key={`${l.at}-${i}`} className={`log-line log-${l.stream}`}>
          <span className="log-time">{formatTime(l.at)}</span> {l.text}
        </div>
      ))}
    </pre>
  );
}

export function ServerDetails({ server }: { server: ServerStatus }) {
  const tools = useAppStore(useShallow(selectToolsForServer(server.id)));
  const envNames = Object.keys(server.requiredEnv);
  return (
    <div className="server-details">
      {server.description && <p className="muted">{server.description}</p>}
      <SandboxNote server={server} />
      {envNames.length > 0 && (
        <div className="detail-block">
          <h3>Environment</h3>
          {envNames.map((name) => (
            <EnvVarRow key={name} serverId={server.id} name={name} present={server.requiredEnv[name]} />
          ))}
        </div>
      )}
      <ServerProtocol server={server} />
      <div className="detail-block">
        <h3>Tools ({tools.length})</h3>
        <ul className="tool-mini-list" data-testid={`server-tools-${server.id}`}>
          {tools.map((t) => (
            <li key={t.name}>
              <code>{t.name}</code> <span className="muted small">{t.description}</span>
            </li>
          ))}
          {tools.length === 0 && <li className="muted">No tools (is it running?)</li>}
        </ul>
      </div>
      <div className="detail-block">
        <h3>Log</h3>
        <ServerLog id={server.id} />
      </div>
      <div className="detail-block">
        <h3>Protocol log</h3>
        <ProtocolLog id={server.id} />
      </div>
    </div>
  );
}
