// The client library's error mapping on the SDK v2's error classes, built here as the SDK builds them
// (test/integration/client-errors.test.ts drives a real SDK client to get them).
import { ProtocolError, ProtocolErrorCode, SdkError, SdkErrorCode, SdkHttpError } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../../shared/errors.js';
import { classifyError, ToolError } from '../../../electron/client/errors.js';

const URL = 'http://127.0.0.1:8000/mcp';

/** What the v2 Streamable HTTP transport throws for a non-OK POST. */
const http = (status: number, code = SdkErrorCode.ClientHttpNotImplemented) =>
  new SdkHttpError(code, `Error POSTing to endpoint: status ${status}`, { status, statusText: '' });

const info = (err: Error) => (err as AppError).toInfo();

describe('classifyError (SDK v2 errors to AppErrors)', () => {
  it('a 401 is UNAUTHORIZED, with the hint, and not retried', () => {
    const c = classifyError(http(401), URL, true, false);
    expect(c.transient).toBe(false);
    expect(c.error).toBeInstanceOf(AppError);
    expect(info(c.error)).toEqual({
      code: ErrorCode.UNAUTHORIZED,
      message: `the orchestrator at ${URL} rejected the token (401); pass { token } or set MCP_ORCHESTRATOR_TOKEN`,
    });
  });

  it('a 404 on a session is retried on a new one; before any session it is a wrong URL', () => {
    const lost = classifyError(http(404), URL, true, false);
    expect(lost.transient).toBe(true);
    expect(info(lost.error)).toEqual({ code: ErrorCode.UPSTREAM_ERROR, message: `no MCP endpoint or session at ${URL} (404)` });
    expect(classifyError(http(404), URL, false, false).transient).toBe(false);
  });

  it("a JSON-RPC error carries the gateway's own code and message, and is not retried", () => {
    const err = new ProtocolError(ProtocolErrorCode.InvalidParams, 'Unknown tool: nope', { appCode: 'TOOL_NOT_FOUND' });
    const c = classifyError(err, URL, true, false);
    expect(c.transient).toBe(false);
    expect(info(c.error)).toEqual({ code: ErrorCode.TOOL_NOT_FOUND, message: 'Unknown tool: nope' });
    // Without the gateway's tag: by the MCP code (a child's timeout the gateway passed on), else UPSTREAM_ERROR.
    expect(info(classifyError(new ProtocolError(-32001, 'MCP error -32001: [x] timed out'), URL, true, false).error)).toEqual({
      code: ErrorCode.TIMEOUT,
      message: '[x] timed out',
    });
    expect(info(classifyError(new ProtocolError(ProtocolErrorCode.InternalError, 'boom'), URL, true, false).error).code).toBe(
      ErrorCode.UPSTREAM_ERROR,
    );
  });

  it('a request timeout is TIMEOUT and not retried (the call may still be running)', () => {
    const c = classifyError(new SdkError(SdkErrorCode.RequestTimeout, 'Request timed out', { timeout: 50 }), URL, true, false);
    expect(c.transient).toBe(false);
    expect(info(c.error)).toEqual({ code: ErrorCode.TIMEOUT, message: 'Request timed out' });
  });

  it('a closed connection is retried', () => {
    const c = classifyError(new SdkError(SdkErrorCode.ConnectionClosed, 'Connection closed'), URL, true, false);
    expect(c.transient).toBe(true);
    expect(info(c.error)).toEqual({ code: ErrorCode.UPSTREAM_ERROR, message: `connection to ${URL} closed` });
  });

  it("a child's closed connection the gateway answered with (-32000 on the wire) is not retried: the call may have run", () => {
    const c = classifyError(new ProtocolError(-32000, '[echo] Connection closed'), URL, true, false);
    expect(c.transient).toBe(false);
    expect(info(c.error)).toEqual({ code: ErrorCode.UPSTREAM_ERROR, message: '[echo] Connection closed' });
  });

  it('403 is FORBIDDEN, 502/503/504 are retried, other statuses are not', () => {
    expect(classifyError(http(403), URL, true, false)).toMatchObject({ transient: false, error: { code: ErrorCode.FORBIDDEN } });
    for (const s of [502, 503, 504]) expect(classifyError(http(s), URL, true, false).transient).toBe(true);
    expect(classifyError(http(500), URL, true, false)).toMatchObject({
      transient: false,
      error: { code: ErrorCode.UPSTREAM_ERROR, message: 'orchestrator HTTP error 500: Error POSTing to endpoint: status 500' },
    });
  });

  it("the SDK's auth failure codes mean 401 and 403 even without a status in their data", () => {
    const unauth = new SdkError(SdkErrorCode.ClientHttpAuthentication, 'Server returned 401 after re-authentication');
    const forbid = new SdkError(SdkErrorCode.ClientHttpForbidden, 'Server returned 403 insufficient_scope');
    expect(info(classifyError(unauth, URL, true, false).error).code).toBe(ErrorCode.UNAUTHORIZED);
    expect(info(classifyError(forbid, URL, true, false).error).code).toBe(ErrorCode.FORBIDDEN);
  });

  it('a refused socket under fetch is retried', () => {
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    const c = classifyError(refused, URL, false, false);
    expect(c.transient).toBe(true);
    expect(c.error.message).toBe(`cannot reach the orchestrator at ${URL} (ECONNREFUSED); is it running?`);
  });

  it('a cancelled call is CANCELLED whatever was thrown; our own errors pass through', () => {
    expect(info(classifyError(http(503), URL, true, true).error).code).toBe(ErrorCode.CANCELLED);
    const tool = new ToolError('chat', 'boom');
    expect(classifyError(tool, URL, true, false)).toEqual({ transient: false, error: tool });
  });
});
