import { useEffect } from 'react';
import type { ReactElement } from 'react';
import { ChatPanel } from '../features/chat/ChatPanel.js';
import { ConfigPanel } from '../features/config/ConfigPanel.js';
import { ConnectPanel } from '../features/connect/ConnectPanel.js';
import { ServersPanel } from '../features/servers/ServersPanel.js';
import { ToolsPanel } from '../features/tools/ToolsPanel.js';
import { WeatherPanel } from '../features/weather/WeatherPanel.js';
import { ApprovalBanner } from '../features/approvals/ApprovalBanner.js';
import { ActivityPanel } from '../features/activity/ActivityPanel.js';
import { selectOffline } from '../store.js';
import type { ViewName } from '../store.js';
import { Header } from './Header.js';
import { CommandPalette } from '../features/palette/CommandPalette.js';
import { LABELS, Nav } from './Nav.js';
import { Toasts } from './Toasts.js';
import { TokenGate } from './TokenGate.js';
import { useAppStore } from '../store-context.js';

const PANELS: Record<ViewName, () => ReactElement> = {
  chat: ChatPanel,
  weather: WeatherPanel,
  servers: ServersPanel,
  tools: ToolsPanel,
  config: ConfigPanel,
  connect: ConnectPanel,
  activity: ActivityPanel,
};

/** The chosen theme on <html>, so CSS variables switch; "system" follows the OS. */
function useThemeAttribute(theme: string) {
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);
}

/** Escape folds the narrow-screen menu and gives focus back to its toggle. */
function useEscapeClosesMenu() {
  const open = useAppStore((s) => s.navOpen);
  const setNavOpen = useAppStore((s) => s.setNavOpen);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setNavOpen(false);
      document.querySelector<HTMLElement>('[data-testid="nav-toggle"]')?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open, setNavOpen]);
}

function OfflineBanner() {
  return (
    <div className="offline-banner" role="alert" data-testid="disconnected-banner">
      <strong>Disconnected from the orchestrator.</strong> What you see may be out of date and actions are off until it is back;
      reconnecting…
    </div>
  );
}

export function App() {
  const view = useAppStore((s) => s.view);
  const theme = useAppStore((s) => s.theme);
  const unauthorized = useAppStore((s) => s.connection === 'unauthorized');
  const offline = useAppStore(selectOffline);
  useThemeAttribute(theme);
  useEscapeClosesMenu();
  // One title per page, so tabs, history and screen readers say where you are.
  useEffect(() => {
    document.title = `${LABELS[view]} · MCP Orchestrator`;
  }, [view]);
  const Panel = PANELS[view];
  if (unauthorized) return <TokenGate reason="rejected" />;
  return (
    <div className="shell">
      <a
        className="skip-link"
        href="#main-content"
        data-testid="skip-link"
        onClick={(e) => {
          // The hash is the router's; move focus without touching it.
          e.preventDefault();
          document.getElementById('main-content')?.focus();
        }}
      >
        Skip to main content
      </a>
      <Header />
      <Nav />
      <CommandPalette />
      <main className="content" id="main-content" tabIndex={-1} data-testid={`view-${view}`}>
        {offline && <OfflineBanner />}
        {/* Pending tool-call approvals, on every page (issue 22 item 4). */}
        <ApprovalBanner />
        <Toasts />
        {/* A disabled fieldset turns off every control of the page at once while nothing can reach the core. */}
        <fieldset className="content-fieldset" disabled={offline} data-testid="content-fieldset">
          <Panel />
        </fieldset>
      </main>
    </div>
  );
}
