// The UI's verdict on a tool's structured result: checked against the tool's declared outputSchema
// with the same shared validator the SDK clients use, so the UI shows what a strict client would see.
import type { OutputValidation } from '../../../shared/inspector.js';
import { sharedSchemaValidator } from '../runtime/schema-validator.js';

/**
 * Undefined when there is nothing to judge: no outputSchema, or a tool error (whose result is its
 * message, not its output). Otherwise valid, or the validator's messages one by one.
 */
export function checkStructuredOutput(
  outputSchema: Record<string, unknown> | undefined,
  result: { isError?: boolean; structuredContent?: unknown },
): OutputValidation | undefined {
  if (!outputSchema || result.isError) return undefined;
  if (result.structuredContent === undefined) {
    return { valid: false, errors: ['The tool declares an outputSchema but returned no structuredContent.'] };
  }
  let verdict;
  try {
    verdict = sharedSchemaValidator().getValidator(outputSchema)(result.structuredContent);
  } catch (err) {
    // A schema Ajv cannot compile is the tool's fault; say so instead of failing the call.
    return { valid: false, errors: [`The outputSchema cannot be used: ${(err as Error).message}`] };
  }
  if (verdict.valid) return { valid: true, errors: [] };
  // Ajv joins its messages with ", "; each one starts at the instance path ("data/...").
  return { valid: false, errors: verdict.errorMessage.split(/, (?=data\b)/) };
}
