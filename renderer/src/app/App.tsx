import { useEffect } from 'react';
import type { ReactElement } from 'react';
import { ChatPanel } from '../features/chat/ChatPanel.js';
import { ConfigPanel } from '../features/config/ConfigPanel.js';
import { ConnectPanel } from '../features/connect/ConnectPanel.js';
import { ServersPanel } from '../features/servers/ServersPanel.js';
import { ToolsPanel } from '../features/tools/ToolsPanel.js';
import { WeatherPanel } from '../features/weather/WeatherPanel.js';
import type { ViewName } from '../store.js';
import { Header } from './Header.js';
import { Nav } from './Nav.js';
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
};

/** The chosen theme on <html>, so CSS variables switch; "system" follows the OS. */
export function useThemeAttribute(theme: string) {
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);
}

export function App() {
  const view = useAppStore((s) => s.view);
  const theme = useAppStore((s) => s.theme);
  const unauthorized = useAppStore((s) => s.connection === 'unauthorized');
  useThemeAttribute(theme);
  const Panel = PANELS[view];
  if (unauthorized) return <TokenGate reason="rejected" />;
  return (
    <div className="shell">
      <Header />
      <Nav />
      <main className="content" data-testid={`view-${view}`}>
        <Toasts />
        <Panel />
      </main>
    </div>
  );
}
