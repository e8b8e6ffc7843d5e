import { Children, isValidElement } from 'react';
import type { ReactNode } from 'react';
import ReactMarkdown from 'react-markdown';
import type { Components } from 'react-markdown';
import { CopyButton } from '../../components/CopyButton.js';

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
      <ReactMarkdown components={components} skipHtml={false}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
