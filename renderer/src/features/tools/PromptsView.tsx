import { useState } from 'react';
import type { PromptInfo } from '../../../../shared/contract.js';
import { useAppStore } from '../../store-context.js';
import { BrowseOutput } from './BrowseOutput.js';
import { CompletingInput } from './CompletingInput.js';

function PromptForm({ prompt }: { prompt: PromptInfo }) {
  const get = useAppStore((s) => s.getPrompt);
  const complete = useAppStore((s) => s.complete);
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
        <CompletingInput
          key={a.name}
          id={`prompt-arg-${a.name}`}
          label={a.name}
          hint={a.description}
          required={a.required}
          value={args[a.name] ?? ''}
          onChange={(v) => setArgs((prev) => ({ ...prev, [a.name]: v }))}
          // The other arguments go along as context, so a server can narrow one by another.
          complete={(value) => {
            const others = Object.fromEntries(Object.entries(args).filter(([k, v]) => k !== a.name && v !== ''));
            return complete({ type: 'ref/prompt', name: prompt.name }, { name: a.name, value }, others);
          }}
        />
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
              data-testid={`prompt-item-${p.name}`}
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
