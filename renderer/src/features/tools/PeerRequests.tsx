// What a child asks while running a tool called from here: a sampling request (answered by the
// router, with the user's explicit consent, or by hand) or an elicitation (a form built from its
// schema). Shown in place on the Tools page; the core cancels a request when its tool call ends.
import { useState } from 'react';
import type { PeerRequestEvent } from '../../../../shared/contract.js';
import { useAppStore } from '../../store-context.js';
import { defaultArgs } from './schema-args.js';
import { SchemaForm, type FieldErrors } from './SchemaForm.js';

type Params = Record<string, unknown>;

function blockText(content: unknown): string {
  const blocks = Array.isArray(content) ? content : [content];
  return blocks
    .map((b) => {
      const block = b as { type?: unknown; text?: unknown } | null;
      return block?.type === 'text' && typeof block.text === 'string' ? block.text : `[${String(block?.type ?? 'unknown')} content]`;
    })
    .join('\n');
}

function Sampling({ request }: { request: PeerRequestEvent }) {
  const answer = useAppStore((s) => s.answerPeer);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const p = request.params as Params;
  const messages = (p.messages as Array<{ role?: string; content?: unknown }> | undefined) ?? [];
  const send = async (fn: () => Promise<boolean>) => {
    setBusy(true);
    await fn();
    setBusy(false);
  };
  const byHand = () =>
    answer(request.id, {
      result: { role: 'assistant', content: { type: 'text', text }, model: 'answered-by-hand', stopReason: 'endTurn' },
    });
  return (
    <>
      {typeof p.systemPrompt === 'string' && (
        <p className="small">
          <strong>System prompt:</strong> {p.systemPrompt}
        </p>
      )}
      <ol className="peer-messages" data-testid="peer-messages">
        {messages.map((m, i) => (
          <li key={i}>
            <strong>{m.role ?? 'user'}:</strong> <span className="pre-wrap">{blockText(m.content)}</span>
          </li>
        ))}
      </ol>
      <p className="muted small">
        {typeof p.maxTokens === 'number' ? `Up to ${p.maxTokens} tokens. ` : ''}
        Answering with the router sends these messages to your configured model vendors.
      </p>
      <label htmlFor={`peer-text-${request.id}`}>Answer by hand</label>
      <textarea
        id={`peer-text-${request.id}`}
        data-testid="peer-answer-text"
        rows={3}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="row">
        <button type="button" data-testid="peer-answer-hand" disabled={busy || !text.trim()} onClick={() => void send(byHand)}>
          Send my answer
        </button>
        <button
          type="button"
          data-testid="peer-answer-router"
          disabled={busy}
          onClick={() => void send(() => answer(request.id, { router: true }))}
        >
          Answer with the router
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="peer-decline"
          disabled={busy}
          onClick={() => void send(() => answer(request.id, { error: { message: 'The user declined the sampling request' } }))}
        >
          Decline
        </button>
      </div>
    </>
  );
}

/** The schema's own defaults, and an empty value for each required field without one. */
function withDefaults(schema: Params): Params {
  const out = defaultArgs(schema);
  for (const [name, prop] of Object.entries((schema.properties ?? {}) as Record<string, Params>)) {
    if (prop.default !== undefined) out[name] = prop.default;
  }
  return out;
}

function Elicitation({ request }: { request: PeerRequestEvent }) {
  const answer = useAppStore((s) => s.answerPeer);
  const schema = ((request.params as Params).requestedSchema ?? { type: 'object', properties: {} }) as Params;
  const [values, setValues] = useState<Params>(() => withDefaults(schema));
  const [errors, setErrors] = useState<FieldErrors>({});
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const missing = required.filter((k) => values[k] === undefined || values[k] === '');
  const blocked = Object.keys(errors).length > 0 || missing.length > 0;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!blocked) void answer(request.id, { result: { action: 'accept', content: values } });
      }}
    >
      <p data-testid="peer-elicit-message">{String((request.params as Params).message ?? '')}</p>
      <SchemaForm schema={schema} value={values} onChange={setValues} onErrors={setErrors} />
      {missing.length > 0 && <p className="muted small">Required: {missing.join(', ')}</p>}
      <div className="row">
        <button type="submit" data-testid="peer-accept" disabled={blocked}>
          Accept
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="peer-decline"
          onClick={() => void answer(request.id, { result: { action: 'decline' } })}
        >
          Decline
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="peer-cancel"
          onClick={() => void answer(request.id, { result: { action: 'cancel' } })}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}

const TITLES: Record<string, string> = {
  'sampling/createMessage': 'asks for a model completion (sampling)',
  'elicitation/create': 'asks you for input (elicitation)',
};

export function PeerRequests() {
  const requests = useAppStore((s) => s.peerRequests);
  if (requests.length === 0) return null;
  const request = requests[0];
  return (
    <section className="card peer-request" aria-labelledby="peer-request-title" data-testid="peer-request" data-method={request.method}>
      <h3 id="peer-request-title">
        <code>{request.server ?? request.tool}</code> {TITLES[request.method] ?? request.method}
        {requests.length > 1 && <span className="muted small"> (1 of {requests.length})</span>}
      </h3>
      <p className="muted small">While running {request.tool}.</p>
      {request.method === 'sampling/createMessage' ? (
        <Sampling key={request.id} request={request} />
      ) : (
        <Elicitation key={request.id} request={request} />
      )}
    </section>
  );
}
