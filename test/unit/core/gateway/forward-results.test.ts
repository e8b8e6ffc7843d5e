// The pipeline's stand-ins for the SDK's result schemas: a result they call plain must be one
// the SDK's own parse returns unchanged, and anything else must get the SDK's own answer.
import { describe, expect, it } from 'vitest';
import { McpErrorCode, ProtocolError } from '../../../../electron/core/sdk/types.js';
import { specSchema, type SpecName, type StandardSchemaV1 } from '../../../../electron/core/sdk/validation.js';
import {
  LEAN_PROMPT_RESULT,
  LEAN_READ_RESULT,
  LEAN_TOOL_RESULT,
  isPlainPromptResult,
  isPlainReadResult,
  isPlainToolResult,
} from '../../../../electron/core/gateway/forward-results.js';
import { errorReply } from '../../../../electron/core/gateway/json-entry.js';

const text = (t: string) => ({ type: 'text', text: t });

const TOOL_RESULTS: unknown[] = [
  { content: [text('a')] },
  { content: [] },
  { content: [text('a'), text('b')], isError: true },
  { content: [text('a')], structuredContent: { n: 1 }, other: 'kept' },
  { content: [{ ...text('a'), extra: 1 }] },
  { content: [{ ...text('a'), annotations: { priority: 1 } }] },
  { content: [{ type: 'image', data: 'AAEC', mimeType: 'image/png' }] },
  { content: [text('a')], _meta: { x: 1 } },
  {},
  { content: 'x' },
  { content: [text('a')], isError: 'yes' },
  { content: [{ type: 'text', text: 5 }] },
  { content: [text('a')], structuredContent: [1] },
  null,
  [],
];

const READ_RESULTS: unknown[] = [
  { contents: [{ uri: 'a://1', text: 'x' }] },
  { contents: [{ uri: 'a://1', mimeType: 'text/plain', text: 'x' }] },
  { contents: [{ uri: 'a://1', blob: 'AAEC' }] },
  { contents: [{ uri: 'a://1', text: 'x', blob: 'AAEC' }] },
  { contents: [{ uri: 'a://1', text: 5 }] },
  { contents: [{ text: 'x' }] },
  { contents: 'x' },
];

const PROMPT_RESULTS: unknown[] = [
  { messages: [{ role: 'user', content: text('hi') }] },
  { description: 'd', messages: [{ role: 'assistant', content: text('hi') }] },
  { messages: [{ role: 'robot', content: text('hi') }] },
  { messages: [{ role: 'user', content: text('hi'), extra: 1 }] },
  { messages: [{ role: 'user', content: { ...text('hi'), annotations: {} } }] },
  { description: 5, messages: [] },
  { messages: {} },
];

type Outcome = { value?: unknown; issues?: unknown };

function check(values: unknown[], plain: (v: unknown) => boolean, lean: StandardSchemaV1, name: SpecName) {
  let plainCount = 0;
  for (const v of values) {
    const sdk = specSchema(name)['~standard'].validate(v) as Outcome;
    if (plain(v)) {
      plainCount++;
      // Plain means: the SDK's parse succeeds and gives the same value back.
      expect(sdk.issues, JSON.stringify(v)).toBeUndefined();
      expect(sdk.value, JSON.stringify(v)).toEqual(v);
    }
    const mine = lean['~standard'].validate(v) as Outcome;
    expect(mine.issues === undefined, JSON.stringify(v)).toBe(sdk.issues === undefined);
    if (sdk.issues === undefined) expect(mine.value).toEqual(sdk.value);
    else expect(mine.issues).toEqual(sdk.issues);
  }
  // Both kinds are covered.
  expect(plainCount).toBeGreaterThan(0);
  expect(plainCount).toBeLessThan(values.length);
}

describe('pipeline result schemas', () => {
  it('tools/call: plain results pass unchanged, others get the SDK parse', () => {
    check(TOOL_RESULTS, isPlainToolResult, LEAN_TOOL_RESULT, 'CallToolResult');
  });
  it('resources/read', () => check(READ_RESULTS, isPlainReadResult, LEAN_READ_RESULT, 'ReadResourceResult'));
  it('prompts/get', () => check(PROMPT_RESULTS, isPlainPromptResult, LEAN_PROMPT_RESULT, 'GetPromptResult'));
});

describe('errorReply', () => {
  it('builds the reply the SDK Protocol builds for a thrown error', () => {
    const err = new ProtocolError(McpErrorCode.InvalidParams, 'bad', { appCode: 'X' });
    expect(errorReply(3, err)).toEqual({
      jsonrpc: '2.0',
      id: 3,
      error: { code: McpErrorCode.InvalidParams, message: 'bad', data: { appCode: 'X' } },
    });
    expect(errorReply('a', new Error('boom'))).toEqual({ jsonrpc: '2.0', id: 'a', error: { code: -32603, message: 'boom' } });
    expect(errorReply(1, Object.assign(new Error('x'), { code: 1.5 }))).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32603, message: 'x' },
    });
    expect(errorReply(1, 'thrown text')).toEqual({ jsonrpc: '2.0', id: 1, error: { code: -32603, message: 'Internal error' } });
  });
});
