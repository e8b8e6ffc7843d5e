import { Children, isValidElement } from 'react';
import type { ReactNode } from 'react';
import ReactMarkdown from 'react-markdown';
import type { Components } from 'react-markdown';
import { CopyButton } from '../../components/CopyButton.js';
import { splitTables } from './markdown-tables.js';
import type { TableBlock } from './markdown-tables.js';

/** The text inside a code block, for the copy button. */
function textOf(node: ReactNode): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (isValidElement<{ children?: ReactNode }>(node)) return textOf(node.props.children);
  return '';
}

const components: Components = {
  pre({ children }) {
    const code = textOf(Children.toArray(children)).replace(/\n$/, '');
    return (
      <div className="code-block">
        <CopyButton text={code} label="Copy code" testId="code-copy" />
        <pre>{children}</pre>
      </div>
    );
  },
  // Links from a model open outside this app and never carry our page as referrer.
  a({ href, children }) {
    return (
      <a href={href} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    );
  },
};

/**
 * Model output as Markdown. react-markdown builds React elements from the syntax tree and has no
 * raw-HTML plugin here, so `<script>` or `<img onerror>` in an answer show as text, never as markup.
 */
export function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      {splitTables(text).map((seg, i) =>
        seg.kind === 'table' ? (
          <Table key={i} table={seg} />
        ) : (
          <ReactMarkdown key={i} components={components} skipHtml={false}>
            {seg.text}
          </ReactMarkdown>
        ),
      )}
    </div>
  );
}

/** A cell's inline Markdown (bold, code, links) without the paragraph around it. */
const cellComponents: Components = { ...components, p: ({ children }) => <>{children}</> };

function Table({ table }: { table: TableBlock }) {
  const cell = (text: string) => (
    <ReactMarkdown components={cellComponents} skipHtml={false}>
      {text}
    </ReactMarkdown>
  );
  return (
    // Wide tables scroll inside their box; focusable and named so a keyboard can scroll it too.
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Table">
      <table data-testid="markdown-table">
        <thead>
          <tr>
            {table.header.map((h, k) => (
              <th key={k} style={{ textAlign: table.align[k] }}>
                {cell(h)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={r}>
              {row.map((c, k) => (
                <td key={k} style={{ textAlign: table.align[k] }}>
                  {cell(c)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
