import { VIEWS } from '../store.js';
import type { ViewName } from '../store.js';
import { useAppStore } from '../store-context.js';

export const LABELS: Record<ViewName, string> = {
  chat: 'Chat',
  weather: 'Weather',
  servers: 'Servers',
  tools: 'Tools',
  config: 'Config',
  connect: 'Connect',
  activity: 'Activity',
};

/** Links, not buttons: each page has its own URL (#/tools), so reload, back and new tabs work. */
export function Nav() {
  const view = useAppStore((s) => s.view);
  const setView = useAppStore((s) => s.setView);
  const open = useAppStore((s) => s.navOpen);
  return (
    <nav className={open ? 'nav nav-open' : 'nav'} id="main-nav" aria-label="Sections">
      {VIEWS.map((v) => (
        <a
          key={v}
          href={`#/${v}`}
          className={v === view ? 'nav-item active' : 'nav-item'}
          aria-current={v === view ? 'page' : undefined}
          data-testid={`nav-${v}`}
          onClick={(e) => {
            e.preventDefault();
            setView(v);
          }}
        >
          {LABELS[v]}
        </a>
      ))}
    </nav>
  );
}
