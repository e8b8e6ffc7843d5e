// The SDK's JSON Schema validator interface and its Ajv implementation.
// Part of the SDK seam: the only files under electron/core that import @modelcontextprotocol/*.
export type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation';
export { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
