import type { PromptOutcome, ResourceOutcome } from '../../../../shared/contract.js';
import { useAppStore } from '../../store-context.js';
import { ContentItem } from './ContentView.js';
import { errorTitle } from '../../error-text.js';
import { SubscribeButton } from './SubscriptionList.js';

/** The last prompt or resource fetched, rendered by content type. */
export function BrowseOutput({ kind }: { kind: 'prompt' | 'resource' }) {
  const browse = useAppStore((s) => s.browse);
  if (!browse || !browse.key.startsWith(`${kind}:`)) return null;
  if (browse.pending)
    return (
      <p className="muted" role="status">
        Loading {browse.key.slice(kind.length + 1)}…
      </p>
    );
  if (browse.error) {
    return (
      <div className="result result-error" data-testid={`${kind}-error`} role="alert">
        <div className="result-head" data-code={browse.error.code}>
          {errorTitle(browse.error.code)}
        </div>
        <pre>{browse.error.message}</pre>
      </div>
    );
  }
  if (kind === 'resource') {
    const contents = (browse.value as ResourceOutcome).contents;
    const uri = browse.key.slice('resource:'.length);
    return (
      <div className="result" data-testid="resource-result">
        <div className="args-head">
          <code className="small">{uri}</code>
          <SubscribeButton uri={uri} />
        </div>
        {contents.map((c, i) => (
          <ContentItem key={i} item={{ type: 'resource', resource: c }} />
        ))}
      </div>
    );
  }
  const prompt = browse.value as PromptOutcome;
  return (
    <div className="result" data-testid="prompt-result">
      {prompt.description && <p className="muted">{prompt.description}</p>}
      {prompt.messages.map((m, i) => (
        <div key={i} className="prompt-message">
          <span className="pill">{m.role}</span>
          <ContentItem item={(m.content ?? {}) as Record<string, unknown>} />
        </div>
      ))}
    </div>
  );
}
