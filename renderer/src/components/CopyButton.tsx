import { useState } from 'react';

/** Copies text; shows a short confirmation. Clipboard needs a secure context (127.0.0.1 is). */
export function CopyButton({ text, label = 'Copy', testId }: { text: string; label?: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  };
  return (
    <button type="button" className="btn btn-small" data-testid={testId} onClick={() => void copy()}>
      {copied ? 'Copied' : label}
    </button>
  );
}
