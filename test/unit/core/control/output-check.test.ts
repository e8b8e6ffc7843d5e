import { describe, expect, it } from 'vitest';
import { checkStructuredOutput } from '../../../../electron/core/control/output-check.js';

const schema = {
  type: 'object',
  properties: { temperature: { type: 'number' }, conditions: { type: 'string' } },
  required: ['temperature', 'conditions'],
};

describe('checkStructuredOutput', () => {
  it('is valid for conforming structured content', () => {
    expect(checkStructuredOutput(schema, { structuredContent: { temperature: 3, conditions: 'rain' } })).toEqual({
      valid: true,
      errors: [],
    });
  });

  it('lists every violation separately', () => {
    const v = checkStructuredOutput(schema, { structuredContent: { temperature: 'hot' } })!;
    expect(v.valid).toBe(false);
    expect(v.errors).toHaveLength(2);
    expect(v.errors.some((e) => /temperature must be number/.test(e))).toBe(true);
    expect(v.errors.some((e) => /required property 'conditions'/.test(e))).toBe(true);
  });

  it('says so when structured content is missing, and judges nothing without a schema or for a tool error', () => {
    expect(checkStructuredOutput(schema, {})).toMatchObject({ valid: false, errors: [expect.stringMatching(/no structuredContent/)] });
    expect(checkStructuredOutput(undefined, { structuredContent: { a: 1 } })).toBeUndefined();
    expect(checkStructuredOutput(schema, { isError: true })).toBeUndefined();
  });

  it('reports a schema that cannot be compiled instead of throwing', () => {
    const v = checkStructuredOutput({ type: 'nonsense-type' }, { structuredContent: {} })!;
    expect(v.valid).toBe(false);
    expect(v.errors[0]).toMatch(/cannot be used/);
  });
});
