import { VIEWS } from '../store.js';
import type { ViewName } from '../store.js';
import { useAppStore } from './store-context.js';

const LABELS: Record<ViewName, string> = {
  chat: 'Chat',
  weather: 'Weather',
  servers: 'Servers',
  tools: 'Tools',
  config: 'Config',
  connect: 'Connect',
};

export function Nav() {
  const view = useAppStore((s) => s.view);
  const setView = useAppStore((s) => s.setView);
  return (
    <nav className="nav" aria-label="Sections">
      {VIEWS.map((v) => (
        <button
          key={v}
          type="button"
          className={v === view ? 'nav-item active' : 'nav-item'}
          aria-current={v === view ? 'page' : undefined}
          data-testid={`nav-${v}`}
          onClick={() => setView(v)}
        >
          {LABELS[v]}
        </button>
      ))}
    </nav>
  );
}
