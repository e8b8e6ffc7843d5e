// The leaf inputs of the generated tool form: one per scalar kind, plus the JSON text field kept for
// free-form schemas. Each takes its DOM id from the field's path (schema-args.ts fieldId).
import { useEffect, useRef, useState } from 'react';
import { jsonFieldProblem, type Schema } from './schema-args.js';

interface LeafProps {
  id: string;
  schema: Schema;
  required: boolean;
  value: unknown;
  onChange: (v: unknown) => void;
  describedBy?: string;
  /** The input's own name for screen readers when no <label> points at it (array items). */
  label?: string;
}

export function EnumInput({ id, schema, required, value, onChange, describedBy, label }: LeafProps) {
  const options = schema.enum as Array<string | number>;
  return (
    <select
      id={id}
      data-testid={id}
      aria-describedby={describedBy}
      aria-label={label}
      value={value === undefined ? '' : String(value)}
      onChange={(e) => onChange(e.target.value === '' ? undefined : options.find((o) => String(o) === e.target.value))}
    >
      {!required && <option value="">(unset)</option>}
      {options.map((v) => (
        <option key={String(v)} value={String(v)}>
          {String(v)}
        </option>
      ))}
    </select>
  );
}

export function NumberInput({ id, schema, value, onChange, describedBy, label, integer }: LeafProps & { integer: boolean }) {
  return (
    <input
      id={id}
      data-testid={id}
      aria-describedby={describedBy}
      aria-label={label}
      type="number"
      step={integer ? 1 : 'any'}
      min={typeof schema.minimum === 'number' ? schema.minimum : undefined}
      max={typeof schema.maximum === 'number' ? schema.maximum : undefined}
      value={typeof value === 'number' && !Number.isNaN(value) ? value : ''}
      onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
    />
  );
}

export function TextInput({ id, value, onChange, describedBy, label }: LeafProps) {
  return (
    <input
      id={id}
      data-testid={id}
      aria-describedby={describedBy}
      aria-label={label}
      type="text"
      value={typeof value === 'string' ? value : ''}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

export function CheckboxInput({ id, value, onChange, describedBy, label }: LeafProps) {
  return (
    <input
      id={id}
      data-testid={id}
      aria-describedby={describedBy}
      aria-label={label}
      type="checkbox"
      checked={value === true}
      onChange={(e) => onChange(e.target.checked)}
    />
  );
}

/**
 * Free text, parsed on every keystroke: text that is not valid JSON of the right kind is shown as a
 * field error and reported up, so the form blocks Call instead of sending the last good value.
 * `kind` is 'array' or 'object' when the schema asks for one, 'json' for anything.
 */
export function JsonField(props: {
  id: string;
  kind: string;
  value: unknown;
  hintId?: string;
  label?: string;
  onChange: (v: unknown) => void;
  onProblem: (problem: string | null) => void;
}) {
  const { id, kind, hintId, label, onChange, onProblem } = props;
  const [text, setText] = useState(() => (props.value === undefined ? '' : JSON.stringify(props.value)));
  const [problem, setProblem] = useState<string | null>(null);
  // A field that goes away (an item removed, back to fields) must not keep blocking the call.
  const report = useRef(onProblem);
  report.current = onProblem;
  useEffect(() => () => report.current(null), []);
  const edit = (raw: string) => {
    setText(raw);
    const checked = jsonFieldProblem(raw, kind);
    setProblem(checked.problem);
    onProblem(checked.problem);
    if (checked.problem === null) onChange(checked.value);
  };
  const described = [hintId ?? '', problem ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <>
      <input
        id={id}
        data-testid={id}
        type="text"
        className="mono"
        value={text}
        aria-label={label}
        aria-invalid={problem ? true : undefined}
        aria-describedby={described || undefined}
        placeholder='JSON, e.g. [1, 2] or {"k": 1}'
        onChange={(e) => edit(e.target.value)}
      />
      {problem && (
        <span className="error-text small" id={`${id}-error`} data-testid={`${id}-error`} role="alert">
          {problem}
        </span>
      )}
    </>
  );
}
