// Resources, resource templates and subscriptions: read a listed resource, fill a template's
// variables (with the server's completions) and read the expanded URI, subscribe to a resource and
// see each update's new content with its time.
import { useState } from 'react';
import type { ResourceTemplateInfo } from '../../../../shared/inspector.js';
import { expandTemplate, templateVariables } from '../../../../shared/uri-template.js';
import { useAppStore } from '../../store-context.js';
import { BrowseOutput } from './BrowseOutput.js';
import { CompletingInput } from './CompletingInput.js';
import { SubscriptionList } from './SubscriptionList.js';

function TemplateForm({ template }: { template: ResourceTemplateInfo }) {
  const read = useAppStore((s) => s.readResource);
  const complete = useAppStore((s) => s.complete);
  const [values, setValues] = useState<Record<string, string>>({});
  const vars = templateVariables(template.uriTemplate);
  const uri = expandTemplate(template.uriTemplate, values);
  const ready = vars.every((v) => (values[v] ?? '') !== '');
  return (
    <form
      className="form"
      data-testid="template-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) void read(uri);
      }}
    >
      <h3>{template.title ?? template.name}</h3>
      <p className="muted small">
        <code>{template.uriTemplate}</code>
        {template.mimeType && ` · ${template.mimeType}`}
      </p>
      {template.description && <p>{template.description}</p>}
      {vars.map((name) => (
        <CompletingInput
          key={name}
          id={`template-var-${name}`}
          label={name}
          required
          value={values[name] ?? ''}
          onChange={(v) => setValues((prev) => ({ ...prev, [name]: v }))}
          complete={(value) => {
            const others = Object.fromEntries(Object.entries(values).filter(([k]) => k !== name));
            return complete({ type: 'ref/resource', uri: template.uriTemplate }, { name, value }, others);
          }}
        />
      ))}
      <p className="small">
        URI: <code data-testid="template-uri">{uri}</code>
      </p>
      <button type="submit" className="btn btn-primary" data-testid="template-read" disabled={!ready}>
        Read
      </button>
    </form>
  );
}

export function ResourcesView() {
  const resources = useAppStore((s) => s.resources);
  const templates = useAppStore((s) => s.templates);
  const read = useAppStore((s) => s.readResource);
  const browse = useAppStore((s) => s.browse);
  const [picked, setPicked] = useState('');
  const template = templates.find((t) => t.uriTemplate === picked);
  return (
    <div className="tools-grid">
      <div className="tool-list-col">
        <ul className="tool-list" data-testid="resource-list" aria-label="Resources">
          {resources.length === 0 && <li className="muted">No running server offers resources.</li>}
          {resources.map((r) => (
            <li key={r.uri}>
              <button
                type="button"
                className={browse?.key === `resource:${r.uri}` ? 'tool-item active' : 'tool-item'}
                onClick={() => {
                  setPicked('');
                  void read(r.uri);
                }}
              >
                <span>{r.title ?? r.name}</span>
                <code className="muted small">{r.uri}</code>
              </button>
            </li>
          ))}
        </ul>
        <h3 className="small">Templates ({templates.length})</h3>
        <ul className="tool-list" data-testid="template-list" aria-label="Resource templates">
          {templates.length === 0 && <li className="muted">No running server offers resource templates.</li>}
          {templates.map((t) => (
            <li key={t.uriTemplate}>
              <button
                type="button"
                className={t.uriTemplate === picked ? 'tool-item active' : 'tool-item'}
                aria-pressed={t.uriTemplate === picked}
                data-testid={`template-item-${t.name}`}
                onClick={() => setPicked(t.uriTemplate)}
              >
                <span>{t.title ?? t.name}</span>
                <code className="muted small">{t.uriTemplate}</code>
              </button>
            </li>
          ))}
        </ul>
      </div>
      <div className="tool-detail">
        {template && <TemplateForm key={template.uriTemplate} template={template} />}
        <BrowseOutput kind="resource" />
        {!template && !browse?.key.startsWith('resource:') && (
          <p className="muted">Pick a resource to read it, or a template to fill in.</p>
        )}
        <SubscriptionList />
      </div>
    </div>
  );
}
