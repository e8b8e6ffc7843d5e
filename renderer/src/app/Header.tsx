import { healthText, selectHealth, selectOffline, selectToolCount } from '../store.js';
import type { Theme } from '../store.js';
import { useAppStore } from '../store-context.js';
import { paletteShortcut } from '../features/palette/CommandPalette.js';

/** The palette's visible hint; it opens the palette too. */
function PaletteHint() {
  const setOpen = useAppStore((s) => s.setPaletteOpen);
  const keys = paletteShortcut();
  return (
    <button
      type="button"
      className="btn btn-small palette-hint-btn"
      data-testid="palette-open"
      aria-keyshortcuts="Control+K Meta+K"
      title={`Command palette (${keys})`}
      onClick={() => setOpen(true)}
    >
      Commands <kbd>{keys}</kbd>
    </button>
  );
}

const CONNECTION_TEXT = {
  open: 'live',
  connecting: 'reconnecting…',
  closed: 'offline',
  unauthorized: 'token rejected: open the URL printed by serve',
};

function ThemePicker() {
  const theme = useAppStore((s) => s.theme);
  const setTheme = useAppStore((s) => s.setTheme);
  return (
    <label className="theme-picker">
      <span className="sr-only">Theme</span>
      <select data-testid="theme-select" aria-label="Theme" value={theme} onChange={(e) => setTheme(e.target.value as Theme)}>
        <option value="system">System theme</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}

export function Header() {
  const health = useAppStore(selectHealth);
  const status = useAppStore((s) => s.status);
  // The same list the Tools page shows, so the two counts always agree.
  const toolCount = useAppStore(selectToolCount);
  const connection = useAppStore((s) => s.connection);
  const offline = useAppStore(selectOffline);
  const allAction = useAppStore((s) => s.allAction);
  const navOpen = useAppStore((s) => s.navOpen);
  const setNavOpen = useAppStore((s) => s.setNavOpen);
  const totals = status?.totals;
  const tip = offline ? 'Unknown: the orchestrator cannot be reached' : healthText(status);
  const stopAll = () => {
    const running = totals?.running ?? 0;
    if (window.confirm(`Stop all ${running} running servers? IDE agents lose their tools until you start them again.`)) {
      void allAction('stop');
    }
  };
  return (
    <header className="header">
      <div className="brand">
        <button
          type="button"
          className="btn btn-small nav-toggle"
          data-testid="nav-toggle"
          aria-expanded={navOpen}
          aria-controls="main-nav"
          onClick={() => setNavOpen(!navOpen)}
        >
          Menu
        </button>
        <span
          className={`dot dot-${health}`}
          data-testid="health-dot"
          data-health={health}
          title={tip}
          role="img"
          aria-label={`Health: ${tip}`}
        />
        <h1>MCP Orchestrator</h1>
      </div>
      <div className="header-meta">
        {totals && (
          <span data-testid="header-totals" title="Calls made by IDE agents and this UI; model listings are counted apart as probes">
            {offline ? '?' : totals.running}/{totals.servers} running · <span data-testid="header-tools">{toolCount}</span> tools ·{' '}
            {totals.calls} {totals.calls === 1 ? 'call' : 'calls'}
            {totals.errors > 0 && (
              <span className="error-text">
                {' '}
                · {totals.errors} {totals.errors === 1 ? 'error' : 'errors'}
              </span>
            )}
          </span>
        )}
        {status?.needsRestart && (
          <span
            className="warn-text"
            data-testid="needs-restart"
            title="Saved in the config file; the running orchestrator applies these settings only after a restart"
          >
            needs restart: {status.needsRestart.join(', ')}
          </span>
        )}
        <span
          className={`conn conn-${offline ? 'lost' : connection}`}
          data-testid="connection-state"
          data-state={connection}
          data-lost={String(offline)}
        >
          {offline ? 'disconnected · reconnecting…' : CONNECTION_TEXT[connection]}
        </span>
        <PaletteHint />
        <ThemePicker />
        <button type="button" className="btn btn-small" data-testid="start-all" disabled={offline} onClick={() => void allAction('start')}>
          Start all
        </button>
        <button type="button" className="btn btn-small" data-testid="stop-all" disabled={offline} onClick={stopAll}>
          Stop all
        </button>
      </div>
    </header>
  );
}
