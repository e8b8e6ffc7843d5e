import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { ServerStatus } from '../../../../shared/types.js';
import { useAppStore } from '../../store-context.js';
import { SignInNotice } from './SignInNotice.js';
import { useNow } from '../../components/use-now.js';
import { formatDuration, formatMs } from '../../format.js';
import { ServerDetails } from './ServerDetails.js';
import { SandboxBadge } from './SandboxBadge.js';
import { EraBadge } from './EraBadge.js';
import { selectOffline } from '../../store.js';
import { PinNotice } from './PinReview.js';

function Uptime({ server }: { server: ServerStatus }) {
  const now = useNow();
  const offline = useAppStore(selectOffline);
  if (offline || !server.startedAt || (server.state !== 'running' && server.state !== 'degraded')) return <>—</>;
  return <>{formatDuration(now - server.startedAt)}</>;
}

/** Why Start cannot help right now, or null when it can. */
function startBlocker(server: ServerStatus): string | null {
  if (!server.enabled) return 'disabled in config: set "enabled": true';
  if (server.missingEnv.length > 0) return `missing ${server.missingEnv.join(', ')}: set it below`;
  return null;
}

function errorRate(server: ServerStatus): string {
  if (server.calls === 0) return '—';
  return `${Math.round((server.errors / server.calls) * 100)}%`;
}

function Stats({ server }: { server: ServerStatus }) {
  const id = server.id;
  const rate = server.calls > 0 ? server.errors / server.calls : 0;
  return (
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
        <dd data-testid={`server-calls-${id}`} title={`${server.probes ?? 0} model listings by the orchestrator, not counted as calls`}>
          {server.calls}
        </dd>
      </div>
      <div>
        <dt>Errors</dt>
        <dd data-testid={`server-errors-${id}`} className={rate >= 0.5 ? 'error-text' : rate > 0 ? 'warn-text' : ''}>
          {server.errors} <span className="small">({errorRate(server)})</span>
        </dd>
      </div>
      <div>
        <dt>p50</dt>
        <dd data-testid={`server-p50-${id}`}>{formatMs(server.latencyP50Ms)}</dd>
      </div>
    </dl>
  );
}

type Action = 'start' | 'stop' | 'restart';

/**
 * After Start/Stop/Restart the pressed button is disabled (busy, then not applicable), which would drop
 * focus to the page. Focus moves to the button that undoes it (Stop after Start and the reverse) once enabled.
 */
function useActionFocus(busy: boolean, state: string) {
  const start = useRef<HTMLButtonElement>(null);
  const stop = useRef<HTMLButtonElement>(null);
  const restart = useRef<HTMLButtonElement>(null);
  const [want, setWant] = useState<Action | null>(null);
  // The buttons' disabled state follows `busy` and the server's state: try again whenever either changes.
  useEffect(() => {
    const el = want ? { start, stop, restart }[want].current : null;
    if (el && !el.disabled && !busy) {
      el.focus();
      setWant(null);
    }
  }, [want, busy, state]);
  const after = (action: Action) => setWant(action === 'start' ? 'stop' : action === 'stop' ? 'start' : 'restart');
  return { buttons: { start, stop, restart }, after };
}

interface RowProps {
  server: ServerStatus;
  /** The one row whose controls are in the tab order (roving tabindex); the others are reached with the arrows. */
  current?: boolean;
  onFocusRow?(id: string): void;
  onRowKey?(e: KeyboardEvent, id: string): void;
}

export function ServerRow({ server, current = true, onFocusRow, onRowKey }: RowProps) {
  const tab = current ? undefined : -1;
  const id = server.id;
  const busy = useAppStore((s) => !!s.busyServers[id]);
  const expanded = useAppStore((s) => !!s.expanded[id]);
  const toggle = useAppStore((s) => s.toggleExpanded);
  const serverAction = useAppStore((s) => s.serverAction);
  const focus = useActionFocus(busy, server.state);
  const act = (sid: string, action: Action) => {
    const hadFocus = document.activeElement === focus.buttons[action].current;
    if (hadFocus) focus.after(action);
    return serverAction(sid, action);
  };
  // Unreachable orchestrator: the last known state is not a fact any more.
  const shownState = useAppStore(selectOffline) ? 'unknown' : server.state;
  const live = server.state !== 'stopped' && server.state !== 'failed';
  const blocker = live ? null : startBlocker(server);
  const name = server.name || id;
  return (
    <div className={`server ${expanded ? 'expanded' : ''}`} data-testid={`server-row-${id}`}>
      {/* Arrow keys here move between servers (handled by the list); the buttons themselves stay buttons. */}
      <div className="server-head" onFocus={() => onFocusRow?.(id)} onKeyDown={(e) => onRowKey?.(e, id)}>
        <button
          type="button"
          className="expander"
          aria-expanded={expanded}
          aria-label={`${expanded ? 'Collapse' : 'Expand'} ${name}: keys, tools and log`}
          data-testid={`server-expand-${id}`}
          data-role="expand"
          tabIndex={tab}
          onClick={() => toggle(id)}
        >
          {expanded ? '▾' : '▸'}
        </button>
        <div className="server-title">
          <span className="server-name-line">
            <strong>{name}</strong>
            <SandboxBadge server={server} />
            <EraBadge server={server} />
          </span>
          <span className="muted small">
            {id} · {server.transport}
            {server.pid ? ` · pid ${server.pid}` : ''}
          </span>
        </div>
        <span className={`badge state-${shownState}`} data-testid={`server-state-${id}`} data-state={shownState}>
          {shownState}
        </span>
        <Stats server={server} />
        <div className="server-actions">
          <button
            type="button"
            className="btn btn-small"
            data-testid={`server-start-${id}`}
            data-role="start"
            tabIndex={tab}
            ref={focus.buttons.start}
            disabled={busy || live || blocker !== null}
            title={blocker ?? undefined}
            aria-describedby={blocker ? `start-why-${id}` : undefined}
            onClick={() => void act(id, 'start')}
          >
            Start
          </button>
          <button
            type="button"
            className="btn btn-small"
            data-testid={`server-stop-${id}`}
            data-role="stop"
            tabIndex={tab}
            ref={focus.buttons.stop}
            disabled={busy || !live}
            title={!live ? 'Not running' : undefined}
            onClick={() => void act(id, 'stop')}
          >
            Stop
          </button>
          <button
            type="button"
            className="btn btn-small"
            data-testid={`server-restart-${id}`}
            data-role="restart"
            tabIndex={tab}
            ref={focus.buttons.restart}
            disabled={busy || blocker !== null}
            title={blocker ?? undefined}
            onClick={() => void act(id, 'restart')}
          >
            Restart
          </button>
        </div>
      </div>
      {/* A server waiting for a sign-in says so once, with its button (SignInNotice). */}
      {server.lastError && server.state !== 'needs-sign-in' && !(blocker && server.missingEnv.length > 0) && (
        <div className="server-error" data-testid={`server-error-${id}`}>
          {server.lastError}
        </div>
      )}
      {server.envWarning && (
        <div className="server-warn small" data-testid={`server-env-warning-${id}`}>
          ⚠ {server.envWarning}
        </div>
      )}
      <PinNotice server={server} />
      <SignInNotice server={server} />
      {blocker && (
        <div className="server-warn small" id={`start-why-${id}`} data-testid={`server-start-why-${id}`}>
          {server.missingEnv.length > 0 ? (
            <>
              Can’t start. Missing: {server.missingEnv.join(', ')}
              {server.lastError?.startsWith('stopped:') ? ` (${server.lastError})` : ''}
              {!expanded && ' '}
              {!expanded && (
                <button type="button" className="link-btn" tabIndex={tab} onClick={() => toggle(id)}>
                  Set it
                </button>
              )}
            </>
          ) : (
            <>Can’t start: {blocker}</>
          )}
        </div>
      )}
      {expanded && <ServerDetails server={server} />}
    </div>
  );
}
