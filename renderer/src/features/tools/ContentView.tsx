// Tool results rendered by content type, the way the MCP Inspector shows them.
import { useState } from 'react';
import { useAppStore } from '../../store-context.js';
import { pretty } from '../../format.js';
import { Markdown } from '../chat/Markdown.js';

type Item = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

function TextBlock({ text }: { text: string }) {
  const [md, setMd] = useState(false);
  return (
    <div className="content-text">
      <button type="button" className="link-btn small" onClick={() => setMd(!md)} aria-pressed={md}>
        {md ? 'Show plain text' : 'Render as Markdown'}
      </button>
      {md ? <Markdown text={text} /> : <pre data-testid="content-text">{text}</pre>}
    </div>
  );
}

function Embedded({ resource }: { resource: Item }) {
  const mime = str(resource.mimeType);
  return (
    <div className="content-resource" data-testid="content-resource">
      <div className="small muted">
        Resource <code>{str(resource.uri)}</code> {mime && `· ${mime}`}
      </div>
      {typeof resource.text === 'string' ? (
        <pre>{resource.text}</pre>
      ) : mime.startsWith('image/') && typeof resource.blob === 'string' ? (
        <img alt={`Resource ${str(resource.uri)}`} src={`data:${mime};base64,${resource.blob}`} />
      ) : (
        <p className="small muted">Binary, {Math.round((str(resource.blob).length * 3) / 4)} bytes</p>
      )}
    </div>
  );
}

function ResourceLink({ item }: { item: Item }) {
  const read = useAppStore((s) => s.readResource);
  const uri = str(item.uri);
  return (
    <div className="content-link" data-testid="content-resource-link">
      Link to <code>{uri}</code> {str(item.name) && <span className="muted">({str(item.name)})</span>}{' '}
      <button type="button" className="btn btn-small" onClick={() => void read(uri)}>
        Read it
      </button>
    </div>
  );
}

export function ContentItem({ item }: { item: Item }) {
  const mime = str(item.mimeType);
  switch (item.type) {
    case 'text':
      return <TextBlock text={str(item.text)} />;
    case 'image':
      return (
        <img
          className="content-image"
          data-testid="content-image"
          alt="Image returned by the tool"
          src={`data:${mime};base64,${str(item.data)}`}
        />
      );
    case 'audio':
      return (
        <audio data-testid="content-audio" controls src={`data:${mime};base64,${str(item.data)}`} aria-label="Audio returned by the tool" />
      );
    case 'resource_link':
      return <ResourceLink item={item} />;
    case 'resource':
      return <Embedded resource={(item.resource ?? {}) as Item} />;
    default:
      return <pre>{pretty(item)}</pre>;
  }
}

export function ContentList({ items, structured }: { items: unknown[]; structured?: unknown }) {
  return (
    <div className="content-list">
      {items.map((item, i) => (
        <ContentItem key={i} item={(item ?? {}) as Item} />
      ))}
      {structured !== undefined && (
        <div data-testid="content-structured">
          <div className="small muted">Structured content</div>
          <pre>{pretty(structured)}</pre>
        </div>
      )}
      {items.length === 0 && structured === undefined && <p className="muted small">Empty result.</p>}
    </div>
  );
}
