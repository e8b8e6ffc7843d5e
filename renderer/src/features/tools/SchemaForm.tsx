// An argument form generated from a tool's JSON Schema, the way the MCP Inspector builds one: enums
// as selects, booleans as checkboxes, bounded numbers, nested objects as fieldsets, arrays as lists
// of typed items, defaults filled in. A JSON text field only where the schema is free-form (or when
// the user switches an object or array to JSON); its text must parse before anything is sent.
import { useState } from 'react';
import { CheckboxInput, EnumInput, JsonField, NumberInput, TextInput } from './FormInputs.js';
import { fieldId, fieldKind, initialValue, propertiesOf, requiredOf, valueProblems, type Schema } from './schema-args.js';
import { isJsonObject } from '../../../../shared/json-shape.js';

type Args = Record<string, unknown>;
/** Field path → what is wrong with its text; a form with any entry must not be sent. */
export type FieldErrors = Record<string, string>;
type Report = (path: string) => (problem: string | null) => void;

interface FieldProps {
  path: string;
  name: string;
  schema: Schema;
  required: boolean;
  value: unknown;
  onChange: (v: unknown) => void;
  report: Report;
  problems: Record<string, string>;
}

function Hint({ id, schema }: { id: string; schema: Schema }) {
  const bounds = [
    typeof schema.minimum === 'number' ? `min ${schema.minimum}` : '',
    typeof schema.maximum === 'number' ? `max ${schema.maximum}` : '',
    'default' in schema ? `default ${JSON.stringify(schema.default)}` : '',
  ].filter(Boolean);
  const text = [typeof schema.description === 'string' ? schema.description : '', bounds.join(', ')].filter(Boolean).join(' · ');
  return text ? (
    <span className="muted small" id={`${id}-hint`}>
      {text}
    </span>
  ) : null;
}

function Label({ id, name, kind, required }: { id: string; name: string; kind: string; required: boolean }) {
  return (
    <label htmlFor={id}>
      <code>{name}</code>
      {required && (
        <span className="required" aria-label="required">
          {' '}
          *
        </span>
      )}{' '}
      <span className="muted small">{kind}</span>
    </label>
  );
}

function ObjectFields({ schema, path, value, onChange, report, problems }: Omit<FieldProps, 'name' | 'required'>) {
  const obj: Args = isJsonObject(value) ? value : {};
  const required = requiredOf(schema);
  const set = (name: string) => (v: unknown) => {
    const next = { ...obj };
    if (v === undefined) delete next[name];
    else next[name] = v;
    onChange(next);
  };
  return (
    <>
      {Object.entries(propertiesOf(schema)).map(([name, s]) => (
        <Field
          key={name}
          path={path ? `${path}.${name}` : name}
          name={name}
          schema={s}
          required={required.has(name)}
          value={obj[name]}
          onChange={set(name)}
          report={report}
          problems={problems}
        />
      ))}
    </>
  );
}

function ArrayItems({ schema, path, name, value, onChange, report, problems }: Omit<FieldProps, 'required'>) {
  const items = Array.isArray(value) ? value : [];
  const itemSchema = schema.items as Schema;
  const setItem = (i: number) => (v: unknown) => onChange(items.map((x, j) => (j === i ? v : x)));
  return (
    <>
      <ol className="array-items">
        {items.map((item, i) => (
          <li key={i} className="array-item">
            <Field
              path={`${path}[${i}]`}
              name={`${name} item ${i + 1}`}
              schema={itemSchema}
              required
              value={item}
              onChange={setItem(i)}
              report={report}
              problems={problems}
            />
            <button
              type="button"
              className="btn btn-small"
              data-testid={`${fieldId(`${path}[${i}]`)}-remove`}
              aria-label={`Remove ${name} item ${i + 1}`}
              onClick={() => onChange(items.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="btn btn-small"
        data-testid={`${fieldId(path)}-add`}
        onClick={() => onChange([...items, initialValue(itemSchema)])}
      >
        Add item to {name}
      </button>
    </>
  );
}

/** An object or array: a fieldset of fields, or (switched) one JSON text field of that kind. */
function Group(props: FieldProps & { kind: 'object' | 'array' }) {
  const { path, name, schema, required, value, onChange, report, kind } = props;
  const [asJson, setAsJson] = useState(false);
  const id = fieldId(path);
  return (
    <fieldset className="field-group" data-testid={`${id}-group`} aria-describedby={schema.description ? `${id}-hint` : undefined}>
      <legend>
        <code>{name}</code>
        {required && (
          <span className="required" aria-label="required">
            {' '}
            *
          </span>
        )}{' '}
        <span className="muted small">{kind}</span>{' '}
        <button
          type="button"
          className="link-btn small"
          data-testid={`${id}-json`}
          aria-pressed={asJson}
          onClick={() => setAsJson(!asJson)}
        >
          {asJson ? 'Use fields' : 'Edit as JSON'}
        </button>
      </legend>
      <Hint id={id} schema={schema} />
      {asJson ? (
        <JsonField id={id} kind={kind} value={value} label={`${name} as JSON`} onChange={onChange} onProblem={report(path)} />
      ) : kind === 'object' ? (
        <ObjectFields {...props} />
      ) : (
        <ArrayItems {...props} />
      )}
    </fieldset>
  );
}

function Field(props: FieldProps) {
  const { path, name, schema, required, value, onChange, report, problems } = props;
  const kind = fieldKind(schema);
  if (kind === 'object' || kind === 'array') return <Group {...props} kind={kind} />;
  const id = fieldId(path);
  const problem = problems[path];
  const hasHint =
    typeof schema.description === 'string' ||
    typeof schema.minimum === 'number' ||
    typeof schema.maximum === 'number' ||
    'default' in schema;
  const describedBy = [hasHint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const leaf = { id, schema, required, value, onChange, describedBy };
  const input =
    kind === 'enum' ? (
      <EnumInput {...leaf} />
    ) : kind === 'boolean' ? (
      <CheckboxInput {...leaf} />
    ) : kind === 'number' || kind === 'integer' ? (
      <NumberInput {...leaf} integer={kind === 'integer'} />
    ) : kind === 'string' ? (
      <TextInput {...leaf} />
    ) : (
      <JsonField
        id={id}
        kind="json"
        value={value}
        hintId={hasHint ? `${id}-hint` : undefined}
        onChange={onChange}
        onProblem={report(path)}
      />
    );
  return (
    <div className={kind === 'boolean' ? 'field field-inline' : 'field'}>
      <Label id={id} name={name} kind={kind} required={required} />
      {input}
      <Hint id={id} schema={schema} />
      {problem && (
        <span className="error-text small" id={`${id}-error`} data-testid={`${id}-error`} role="alert">
          {problem}
        </span>
      )}
    </div>
  );
}

export function hasFormFields(schema: Schema | undefined): boolean {
  return !!schema && Object.keys(propertiesOf(schema)).length > 0;
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
  const report: Report = (path) => (problem) =>
    onErrors((prev) => {
      if ((prev[path] ?? null) === problem) return prev;
      const next = { ...prev };
      if (problem === null) delete next[path];
      else next[path] = problem;
      return next;
    });
  return (
    <div className="schema-form" data-testid="tool-form">
      <ObjectFields
        schema={schema}
        path=""
        value={value}
        onChange={(v) => onChange(v as Args)}
        report={report}
        problems={valueProblems(schema, value)}
      />
    </div>
  );
}
