import { useState } from 'react';
import type { PromptInfo } from '../../../../shared/contract.js';
import { useAppStore } from '../../store-context.js';
import { BrowseOutput } from './BrowseOutput.js';

function PromptForm({ prompt }: { prompt: PromptInfo }) {
  const get = useAppStore((s) => s.getPrompt);
  const [args, setArgs] = useState<Record<string, string>>({});
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        void get(prompt.name, args);
      }}
    >
      <h3>
        <code>{prompt.name}</code>
      </h3>
      {prompt.description && <p>{prompt.description}</p>}
      {(prompt.arguments ?? []).map((a) => (
        <label key={a.name}>
          {a.name}
          {a.required ? ' *' : ''} {a.description && <span className="muted small">{a.description}</span>}
          <input
            data-testid={`prompt-arg-${a.name}`}
            value={args[a.name] ?? ''}
            onChange={(e) => setArgs({ ...args, [a.name]: e.target.value })}
          />
        </label>
      ))}
      <button type="submit" className="btn btn-primary" data-testid="prompt-get">
        Get prompt
      </button>
    </form>
  );
}

export function PromptsView() {
  const prompts = useAppStore((s) => s.prompts);
  const [picked, setPicked] = useState('');
  const prompt = prompts.find((p) => p.name === picked);
  return (
    <div className="tools-grid">
      <ul className="tool-list" data-testid="prompt-list" aria-label="Prompts">
        {prompts.length === 0 && <li className="muted">No running server offers prompts.</li>}
        {prompts.map((p) => (
          <li key={p.name}>
            <button
              type="button"
              className={p.name === picked ? 'tool-item active' : 'tool-item'}
              aria-pressed={p.name === picked}
              onClick={() => setPicked(p.name)}
            >
              <code>{p.name}</code>
              <span className="muted small">{p.description}</span>
            </button>
          </li>
        ))}
      </ul>
      <div className="tool-detail">
        {prompt ? <PromptForm key={prompt.name} prompt={prompt} /> : <p className="muted">Pick a prompt.</p>}
        <BrowseOutput kind="prompt" />
      </div>
    </div>
  );
}

export function ResourcesView() {
  const resources = useAppStore((s) => s.resources);
  const read = useAppStore((s) => s.readResource);
  const browse = useAppStore((s) => s.browse);
  return (
    <div className="tools-grid">
      <ul className="tool-list" data-testid="resource-list" aria-label="Resources">
        {resources.length === 0 && <li className="muted">No running server offers resources.</li>}
        {resources.map((r) => (
          <li key={r.uri}>
            <button
              type="button"
              className={browse?.key === `resource:${r.uri}` ? 'tool-item active' : 'tool-item'}
              onClick={() => void read(r.uri)}
            >
              <span>{r.title ?? r.name}</span>
              <code className="muted small">{r.uri}</code>
            </button>
          </li>
        ))}
      </ul>
      <div className="tool-detail">
        <BrowseOutput kind="resource" />
        {!browse?.key.startsWith('resource:') && <p className="muted">Pick a resource to read it.</p>}
      </div>
    </div>
  );
}
