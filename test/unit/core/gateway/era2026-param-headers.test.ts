// SEP-2243 on the 2026 front: Mcp-Param-* headers must agree with the arguments a tool marks with x-mcp-header.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { declarationsOf, paramHeaderMismatch } from '../../../../electron/core/gateway/era2026/param-headers.js';

const SCHEMA = {
  type: 'object',
  properties: {
    region: { type: 'string', 'x-mcp-header': 'Region' },
    level: { type: 'integer', 'x-mcp-header': 'Level' },
    nested: { type: 'object', properties: { zone: { type: 'string', 'x-mcp-header': 'Zone' } } },
    list: { type: 'array', items: { type: 'string', 'x-mcp-header': 'Ignored' } },
    plain: { type: 'string' },
  },
};
const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
const decls = declarationsOf(SCHEMA);

describe('Mcp-Param headers', () => {
  it('finds declarations reachable through properties only', () => {
    expect(decls.map((d) => d.header)).toEqual(['Region', 'Level', 'Zone']);
  });

  it('accepts matching headers, plain or base64, and numbers by value', () => {
    const headers = { 'mcp-param-region': '=?base64?SGVsbG8=?=', 'mcp-param-level': '3.0', 'mcp-param-zone': 'z' };
    expect(paramHeaderMismatch(decls, { region: 'Hello', level: 3, nested: { zone: 'z' } }, req(headers))).toBeUndefined();
    expect(paramHeaderMismatch(decls, { plain: 'x' }, req({}))).toBeUndefined();
  });

  it('refuses a missing header, a different value and sloppy base64', () => {
    expect(paramHeaderMismatch(decls, { region: 'eu' }, req({}))?.header).toBe('Mcp-Param-Region');
    expect(paramHeaderMismatch(decls, { region: 'eu' }, req({ 'mcp-param-region': 'us' }))?.why).toContain('does not match');
    expect(paramHeaderMismatch(decls, { region: 'Hello' }, req({ 'mcp-param-region': '=?base64?SGVsbG8?=' }))?.why).toContain('base64');
  });
});
