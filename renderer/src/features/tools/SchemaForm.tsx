// An argument form generated from a tool's JSON Schema (top-level properties). Scalars get native
// inputs; arrays, objects and anything unusual get a small JSON field, so every schema is usable.
type Schema = Record<string, unknown>;
type Args = Record<string, unknown>;

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
}: {
  name: string;
  schema: Schema;
  required: boolean;
  value: unknown;
  onChange: (v: unknown) => void;
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
    input = <JsonField common={common} value={value} onChange={onChange} />;
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

function JsonField({ common, value, onChange }: { common: Record<string, unknown>; value: unknown; onChange: (v: unknown) => void }) {
  const text = value === undefined ? '' : JSON.stringify(value);
  return (
    <input
      {...common}
      type="text"
      className="mono"
      defaultValue={text}
      placeholder='JSON, e.g. [1, 2] or {"k": 1}'
      onBlur={(e) => {
        const raw = e.target.value.trim();
        if (!raw) return onChange(undefined);
        try {
          onChange(JSON.parse(raw));
        } catch {
          // Left as typed; the raw JSON view shows the exact arguments that will be sent.
        }
      }}
    />
  );
}

export function hasFormFields(schema: Schema | undefined): boolean {
  return !!schema && typeof schema.properties === 'object' && schema.properties !== null && Object.keys(schema.properties).length > 0;
}

export function SchemaForm({ schema, value, onChange }: { schema: Schema; value: Args; onChange: (next: Args) => void }) {
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const set = (name: string) => (v: unknown) => {
    const next = { ...value };
    if (v === undefined) delete next[name];
    else next[name] = v;
    onChange(next);
  };
  return (
    <div className="schema-form" data-testid="tool-form">
      {Object.entries(props).map(([name, s]) => (
        <Field key={name} name={name} schema={s} required={required.has(name)} value={value[name]} onChange={set(name)} />
      ))}
    </div>
  );
}
