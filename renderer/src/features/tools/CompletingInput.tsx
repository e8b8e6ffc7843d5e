// A text input that asks the server for completions (`completion/complete`) as the user types and
// offers them as buttons below it. Completion is a hint: no answer, or an error, just shows none.
import { useRef, useState } from 'react';

export function CompletingInput({
  id,
  label,
  hint,
  required,
  value,
  onChange,
  complete,
}: {
  id: string;
  label: string;
  hint?: string;
  required?: boolean;
  value: string;
  onChange: (v: string) => void;
  complete: (value: string) => Promise<string[]>;
}) {
  const [values, setValues] = useState<string[]>([]);
  // Answers can arrive out of order while typing; only the latest request's answer is shown.
  const latest = useRef(0);
  const ask = (v: string) => {
    const n = ++latest.current;
    void complete(v).then((got) => {
      if (latest.current === n) setValues(got.slice(0, 12));
    });
  };
  const described = [hint ? `${id}-hint` : '', values.length ? `${id}-suggestions` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {/* One line: labels in a .form stack their children. */}
        <span>
          <code>{label}</code>
          {required && (
            <span className="required" aria-label="required">
              {' '}
              *
            </span>
          )}
        </span>
      </label>
      <input
        id={id}
        data-testid={id}
        type="text"
        autoComplete="off"
        aria-describedby={described}
        value={value}
        onFocus={() => ask(value)}
        onChange={(e) => {
          onChange(e.target.value);
          ask(e.target.value);
        }}
      />
      {hint && (
        <span className="muted small" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {values.length > 0 && (
        <ul className="suggestions" id={`${id}-suggestions`} data-testid={`${id}-suggestions`} aria-label={`Suggestions for ${label}`}>
          {values.map((v) => (
            <li key={v}>
              <button
                type="button"
                className="btn btn-small"
                onClick={() => {
                  onChange(v);
                  ask(v);
                }}
              >
                {v}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
