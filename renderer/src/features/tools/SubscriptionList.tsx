// The UI's resource subscriptions: a Subscribe/Unsubscribe button for the resource being shown, and
// the list of subscribed resources, each with its update count, the time of the last update and the
// content re-read then (pushed by the orchestrator as `resourceUpdated` events).
import { useAppStore } from '../../store-context.js';
import { formatTime } from '../../format.js';
import { ContentItem } from './ContentView.js';

export function SubscribeButton({ uri }: { uri: string }) {
  const subscribed = useAppStore((s) => !!s.subscriptions[uri]);
  const subscribe = useAppStore((s) => s.subscribeResource);
  const unsubscribe = useAppStore((s) => s.unsubscribeResource);
  return (
    <button
      type="button"
      className="btn btn-small"
      data-testid="resource-subscribe"
      aria-pressed={subscribed}
      onClick={() => void (subscribed ? unsubscribe(uri) : subscribe(uri))}
    >
      {subscribed ? 'Unsubscribe' : 'Subscribe'}
    </button>
  );
}

export function SubscriptionList() {
  const subs = useAppStore((s) => s.subscriptions);
  const unsubscribe = useAppStore((s) => s.unsubscribeResource);
  const list = Object.values(subs);
  if (list.length === 0) return null;
  return (
    <section className="inspector-block" aria-labelledby="subs-head">
      <h3 id="subs-head">Subscriptions ({list.length})</h3>
      <ul className="sub-list" data-testid="subscription-list">
        {list.map((sub) => (
          <li key={sub.uri} className="sub-item" data-testid="subscription" data-uri={sub.uri} data-updates={sub.updates}>
            <div className="args-head">
              <code>{sub.uri}</code>
              <button
                type="button"
                className="btn btn-small"
                aria-label={`Unsubscribe from ${sub.uri}`}
                onClick={() => void unsubscribe(sub.uri)}
              >
                Unsubscribe
              </button>
            </div>
            <span className="small muted" data-testid="subscription-updated" role="status">
              {sub.updatedAt === null
                ? 'Subscribed; no update yet.'
                : `${sub.updates} update${sub.updates === 1 ? '' : 's'} · last at ${formatTime(sub.updatedAt)}`}
            </span>
            {sub.error && <span className="error-text small">{sub.error.message}</span>}
            {sub.contents?.map((c, i) => (
              <ContentItem key={i} item={{ type: 'resource', resource: c }} />
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
