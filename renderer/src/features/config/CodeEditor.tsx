import { forwardRef, useRef } from 'react';
import type { Ref } from 'react';

/** A textarea with a line-number gutter that scrolls with it. No wrapping, so numbers stay aligned. */
export const CodeEditor = forwardRef(function CodeEditor(
  { value, onChange, errorLines }: { value: string; onChange: (text: string) => void; errorLines: Set<number> },
  ref: Ref<HTMLTextAreaElement>,
) {
  const gutter = useRef<HTMLDivElement>(null);
  const count = value.split('\n').length;
  return (
    <div className="code-frame">
      <div className="gutter" ref={gutter} aria-hidden="true" data-testid="config-gutter">
        {Array.from({ length: count }, (_, i) => (
          <div key={i} className={errorLines.has(i + 1) ? 'gutter-line gutter-error' : 'gutter-line'}>
            {i + 1}
          </div>
        ))}
      </div>
      <textarea
        ref={ref}
        className="code-editor"
        data-testid="config-editor"
        aria-label="Config file (JSON with comments)"
        spellCheck={false}
        wrap="off"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onScroll={(e) => {
          if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
        }}
      />
    </div>
  );
});
