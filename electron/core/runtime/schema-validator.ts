// One JSON Schema validator shared by every SDK Client the core opens. By default each Client
// builds its own Ajv (~35 KB with formats) and compiles every tool's outputSchema again at each
// tools/list; Ajv also keeps each compiled schema keyed by the schema object, so a child that
// re-lists often grew the orchestrator a little at every refresh. Here a schema is compiled once
// per distinct JSON text, which bounds the cache by the set of distinct schemas.
import { AjvJsonSchemaValidator } from '../sdk/validation.js';
import type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from '../sdk/validation.js';

class MemoizedValidator implements jsonSchemaValidator {
  private ajv: AjvJsonSchemaValidator | undefined;
  private readonly compiled = new Map<string, JsonSchemaValidator<unknown>>();

  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    const key = JSON.stringify(schema);
    let v = this.compiled.get(key);
    if (!v) {
      // Created on first use: a set-up whose tools declare no output schema never builds one.
      this.ajv ??= new AjvJsonSchemaValidator();
      v = this.ajv.getValidator<unknown>(schema);
      this.compiled.set(key, v);
    }
    return v as JsonSchemaValidator<T>;
  }

  get size(): number {
    return this.compiled.size;
  }
}

let shared: MemoizedValidator | undefined;

/** The process-wide validator to pass as the SDK Client's `jsonSchemaValidator`. */
export function sharedSchemaValidator(): MemoizedValidator {
  return (shared ??= new MemoizedValidator());
}
