// The SDK's JSON Schema validator interface and its Ajv implementation (the children's client and the gateway's
// Server take it), and the SDK's own schemas of the spec's types, by name, for the pipeline's parse and map steps.
// Part of the SDK seam: the only files under electron/core that import @modelcontextprotocol/*.
import { specTypeSchemas, type SpecTypeName, type StandardSchemaV1 } from '@modelcontextprotocol/server';

export type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from '@modelcontextprotocol/client';
export type { StandardSchemaV1 } from '@modelcontextprotocol/server';
export { AjvJsonSchemaValidator } from '@modelcontextprotocol/client/validators/ajv';

export type SpecName = SpecTypeName;
export type Checked = { success: true; data: unknown } | { success: false; issues: readonly StandardSchemaV1.Issue[] };

/** The SDK's schema of a spec type (a Standard Schema: what v2's request() takes as a result schema). */
export function specSchema(name: SpecName): StandardSchemaV1 {
  return specTypeSchemas[name] as StandardSchemaV1;
}

/**
 * Checks `value` against the SDK's schema of `name`: the parsed value (which drops what the SDK drops) or the issues.
 * The SDK's spec schemas validate synchronously (zod); a schema that ever went async would break this contract,
 * which test/unit/core/sdk/sdk-contract.test.ts checks.
 */
export function checkSpec(name: SpecName, value: unknown): Checked {
  const result = specSchema(name)['~standard'].validate(value);
  if (result instanceof Promise) throw new Error(`the SDK's ${name} schema validates asynchronously`);
  return result.issues ? { success: false, issues: result.issues } : { success: true, data: result.value };
}

/** Takes any value as it is (a Standard Schema, the only schema shape v2 tells from a request's options). */
export const AS_IS: StandardSchemaV1<unknown, Record<string, unknown>> = {
  '~standard': { version: 1, vendor: 'mcp-orchestrator', validate: (value) => ({ value: value as Record<string, unknown> }) },
};

/** Any result: the SDK's loose Result, what a client's answer to a forwarded request must at least be. */
export const ANY_RESULT: StandardSchemaV1 = specSchema('Result');

/** Issues worded as the SDK words a failed parse (zod's error message: the issues as indented JSON). */
export function issuesText(issues: readonly StandardSchemaV1.Issue[]): string {
  return JSON.stringify(issues, null, 2);
}
