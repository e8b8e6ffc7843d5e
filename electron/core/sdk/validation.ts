// The SDK's JSON Schema validator interface and its Ajv implementation, from the v2 client (the children's client
// uses it; the v1 gateway Server takes the same shape).
// Part of the SDK seam: the only files under electron/core that import @modelcontextprotocol/*.
export type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from '@modelcontextprotocol/client';
export { AjvJsonSchemaValidator } from '@modelcontextprotocol/client/validators/ajv';
