// The generated tool form: field kinds, starting values (defaults honoured), value problems that block
// a call, and the markup the form renders for each kind (static render, no browser).
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SchemaForm } from '../../../renderer/src/features/tools/SchemaForm.js';
import {
  defaultArgs,
  fieldId,
  fieldKind,
  initialValue,
  numberProblem,
  valueProblems,
} from '../../../renderer/src/features/tools/schema-args.js';

const schema = {
  type: 'object',
  properties: {
    mode: { type: 'string', enum: ['fast', 'safe', 'paranoid'], default: 'safe' },
    target: {
      type: 'object',
      properties: {
        host: { type: 'string', default: 'localhost' },
        port: { type: 'integer', minimum: 1, maximum: 65535, default: 8080 },
        tls: { type: 'boolean' },
      },
      required: ['host', 'tls'],
    },
    tags: { type: 'array', items: { type: 'string' } },
    weights: { type: 'array', items: { type: 'number', minimum: 0, maximum: 1 }, default: [0.5] },
    level: { type: 'integer', minimum: 2, maximum: 5 },
    extra: { description: 'free-form' },
    bag: { type: 'object' },
    union: { type: ['string', 'number'] },
    maybe: { type: ['string', 'null'] },
  },
  required: ['mode', 'target', 'tags', 'level'],
};

describe('tool form model', () => {
  it('gives each schema its field: enum select, scalars, fieldsets, typed arrays, JSON only when free-form', () => {
    const p = schema.properties;
    expect(fieldKind(p.mode)).toBe('enum');
    expect(fieldKind(p.target)).toBe('object');
    expect(fieldKind(p.target.properties.port)).toBe('integer');
    expect(fieldKind(p.target.properties.tls)).toBe('boolean');
    expect(fieldKind(p.tags)).toBe('array');
    expect(fieldKind(p.maybe)).toBe('string');
    expect(fieldKind({ enum: [1, 2] })).toBe('enum');
    for (const free of [p.extra, p.bag, p.union, { type: 'array' }, { enum: [{ a: 1 }] }]) expect(fieldKind(free)).toBe('json');
  });

  it('starts from the defaults: required fields filled (nested too), optional ones only when they declare a default', () => {
    expect(defaultArgs(schema)).toEqual({
      mode: 'safe',
      target: { host: 'localhost', port: 8080, tls: false },
      tags: [],
      weights: [0.5],
      level: 2,
    });
    expect(initialValue({ type: 'string', enum: ['a', 'b'] })).toBe('a');
    expect(initialValue({ type: 'object', properties: { n: { type: 'number', default: 3 } } })).toEqual({ n: 3 });
    expect(initialValue(p().extra)).toBeUndefined();
  });

  it('reports numbers out of their bounds and fractions for integers, by path', () => {
    expect(numberProblem(0, { type: 'integer', minimum: 1 })).toMatch(/at least 1/);
    expect(numberProblem(70000, { type: 'integer', maximum: 65535 })).toMatch(/at most 65535/);
    expect(numberProblem(1.5, { type: 'integer' })).toMatch(/whole number/);
    expect(numberProblem(0, { type: 'number', exclusiveMinimum: 0 })).toMatch(/more than 0/);
    expect(numberProblem(3, { type: 'number', minimum: 1, maximum: 5 })).toBeNull();
    const args = { ...defaultArgs(schema), target: { host: 'h', port: 0, tls: true }, weights: [0.5, 2], level: 3 };
    expect(valueProblems(schema, args)).toEqual({ 'target.port': 'Must be at least 1.', 'weights[1]': 'Must be at most 1.' });
    expect(valueProblems(schema, defaultArgs(schema))).toEqual({});
    expect(fieldId('target.port')).toBe('arg-target-port');
    expect(fieldId('weights[1]')).toBe('arg-weights-1');
  });
});

function p() {
  return schema.properties;
}

/** The opening tag of the element with this test id, and one of its attributes. */
function tagOf(html: string, testId: string): string {
  const m = new RegExp(`<(\\w+)[^>]*data-testid="${testId.replace(/[[\]]/g, '\\$&')}"[^>]*>`).exec(html);
  if (!m) throw new Error(`no element ${testId}`);
  return m[0];
}
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

describe('tool form markup', () => {
  const html = renderToStaticMarkup(
    createElement(SchemaForm, { schema, value: { ...defaultArgs(schema), tags: ['a', 'b'] }, onChange: () => {}, onErrors: () => {} }),
  );

  it('renders an enum as a select with the default chosen and no (unset) when required', () => {
    expect(tagOf(html, 'arg-mode')).toMatch(/^<select/);
    const options = /<select[^>]*data-testid="arg-mode"[^>]*>(.*?)<\/select>/.exec(html)![1];
    expect([...options.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1])).toEqual(['fast', 'safe', 'paranoid']);
    expect(options).toMatch(/<option value="safe" selected="">/);
  });

  it('renders a nested object as a fieldset of its own fields', () => {
    expect(tagOf(html, 'arg-target-group')).toMatch(/^<fieldset/);
    const group = /<fieldset[^>]*data-testid="arg-target-group"[^>]*>(.*?)<\/fieldset>/.exec(html)![1];
    expect(group).toMatch(/<legend><code>target<\/code>/);
    expect(attr(tagOf(group, 'arg-target-host'), 'value')).toBe('localhost');
    const port = tagOf(group, 'arg-target-port');
    expect([attr(port, 'type'), attr(port, 'min'), attr(port, 'max'), attr(port, 'value')]).toEqual(['number', '1', '65535', '8080']);
    expect(attr(tagOf(group, 'arg-target-tls'), 'type')).toBe('checkbox');
  });

  it('renders an array as typed items with Remove buttons and one Add button', () => {
    expect(attr(tagOf(html, 'arg-tags-0'), 'value')).toBe('a');
    expect(attr(tagOf(html, 'arg-tags-1'), 'value')).toBe('b');
    expect(attr(tagOf(html, 'arg-tags-1-remove'), 'aria-label')).toBe('Remove tags item 2');
    expect(html).toMatch(/data-testid="arg-tags-add">Add item to tags<\/button>/);
    expect(attr(tagOf(html, 'arg-weights-0'), 'max')).toBe('1');
  });

  it('keeps a JSON text field for free-form properties only', () => {
    const json = [...html.matchAll(/<input[^>]*data-testid="([^"]+)"[^>]*class="mono"|<input[^>]*class="mono"[^>]*data-testid="([^"]+)"/g)];
    expect(json.map((m) => m[1] ?? m[2]).sort()).toEqual(['arg-bag', 'arg-extra', 'arg-union']);
  });

  it('shows a number problem next to its field', () => {
    const bad = renderToStaticMarkup(
      createElement(SchemaForm, { schema, value: { ...defaultArgs(schema), level: 9 }, onChange: () => {}, onErrors: () => {} }),
    );
    expect(bad).toContain('data-testid="arg-level-error"');
    expect(bad).toContain('Must be at most 5.');
    expect(html).not.toContain('-error"');
  });
});
