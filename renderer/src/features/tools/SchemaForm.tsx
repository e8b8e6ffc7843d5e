// An argument form generated from a tool's JSON Schema (top-level properties). Scalars get native
// inputs; arrays, objects and anything unusual get a small JSON field, so every schema is usable.
import { useState } from 'react';
import { jsonFieldProblem } from './schema-args.js';

type Schema = Record<string, unknown>;
type Args = Record<string, unknown>;
/** Field name → what is wrong with its text; a form with any entry must not be sent. */
export type FieldErrors = Record<string, string>;

function typeOf(s: Schema): string {
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  return typeof t === 'string' ? t : Array.isArray(s.enum) ? 'enum' : 'json';
}

function Field({
  name,
  schema,
  required,
  value,
  onChange,
  onProblem,
}: {
  name: string;
  schema: Schema;
  required: boolean;
  value: unknown;
  onChange: (v: unknown) => void;
  onProblem: (problem: string | null) => void;
}) {
  const id = `arg-${name}`;
  const type = Array.isArray(schema.enum) ? 'enum' : typeOf(schema);
  const hint = typeof schema.description === 'string' ? schema.description : '';
  const common = { id, 'data-testid': id, 'aria-describedby': hint ? `${id}-hint` : undefined };
  let input;
  if (type === 'enum') {
    input = (
      <select {...common} value={String(value ?? '')} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}>
        {!required && <option value="">(unset)</option>}
        {(schema.enum as unknown[]).map((v) => (
          <option key={String(v)} value={String(v)}>
            {String(v)}
          </option>
        ))}
      </select>
    );
  } else if (type === 'boolean') {
    input = <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
  } else if (type === 'number' || type === 'integer') {
    input = (
      <input
        {...common}
        type="number"
        step={type === 'integer' ? 1 : 'any'}
        value={typeof value === 'number' ? value : ''}
        onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
      />
    );
  } else if (type === 'string') {
    input = <input {...common} type="text" value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)} />;
  } else {
    input = <JsonField id={id} hint={hint} type={type} value={value} onChange={onChange} onProblem={onProblem} />;
  }
  return (
    <div className={type === 'boolean' ? 'field field-inline' : 'field'}>
      <label htmlFor={id}>
        <code>{name}</code>
        {required && (
          <span className="required" aria-label="required">
            {' '}
            *
          </span>
        )}{' '}
        <span className="muted small">{type}</span>
      </label>
      {input}
      {hint && (
        <span className="muted small" id={`${id}-hint`}>
          {hint}
        </span>
      )}
    </div>
  );
}

/**
 * Free text, parsed on every keystroke: text that is not valid JSON of the right kind is shown as a
 * field error and reported up, so the form blocks Call instead of sending the last good value.
 */
function JsonField(props: {
  id: string;
  hint: string;
  type: string;
  value: unknown;
  onChange: (v: unknown) => void;
  onProblem: (problem: string | null) => void;
}) {
  const { id, hint, type, onChange, onProblem } = props;
  const [text, setText] = useState(() => (props.value === undefined ? '' : JSON.stringify(props.value)));
  const [problem, setProblem] = useState<string | null>(null);
  const edit = (raw: string) => {
    setText(raw);
    const checked = jsonFieldProblem(raw, type);
    setProblem(checked.problem);
    onProblem(checked.problem);
    if (checked.problem === null) onChange(checked.value);
  };
  const described = [hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <>
      <input
        id={id}
        data-testid={id}
        type="text"
        className="mono"
        value={text}
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

export function hasFormFields(schema: Schema | undefined): boolean {
  return !!schema && typeof schema.properties === 'object' && schema.properties !== null && Object.keys(schema.properties).length > 0;
}

export function SchemaForm({
  schema,
  value,
  onChange,
  onErrors,
}: {
  schema: Schema;
  value: Args;
  onChange: (next: Args) => void;
  onErrors: (update: (prev: FieldErrors) => FieldErrors) => void;
}) {
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const set = (name: string) => (v: unknown) => {
    const next = { ...value };
    if (v === undefined) delete next[name];
    else next[name] = v;
    onChange(next);
  };
  const report = (name: string) => (problem: string | null) =>
    onErrors((prev) => {
      if ((prev[name] ?? null) === problem) return prev;
      const next = { ...prev };
      if (problem === null) delete next[name];
      else next[name] = problem;
      return next;
    });
  return (
    <div className="schema-form" data-testid="tool-form">
      {Object.entries(props).map(([name, s]) => (
        <Field
          key={name}
          name={name}
          schema={s}
          required={required.has(name)}
          value={value[name]}
          onChange={set(name)}
          onProblem={report(name)}
        />
      ))}
    </div>
  );
}
