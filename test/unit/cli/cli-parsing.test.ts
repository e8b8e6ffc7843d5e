// The pure parts of the CLI: `--json` as output switch or call arguments, `--since`, `--arg` typing, exit codes.
import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../../shared/errors.js';
import { EXIT, exitCodeFor } from '../../../electron/cli/exit-codes.js';
import { jsonArguments, parse } from '../../../electron/cli/flags.js';
import { toolArguments } from '../../../electron/cli/remote.js';
import { parseSince } from '../../../electron/cli/server-cmd.js';

describe('--json', () => {
  it('is the output switch alone, and call arguments when an object follows', () => {
    expect(parse(['status', '--json']).values).toMatchObject({ json: true });
    const call = parse(['call', 'x__y', '--json', '{"a": 1}', '--json']).values;
    expect(call).toMatchObject({ json: true, 'arguments-json': '{"a": 1}' });
    expect(parse(['call', 'x__y', '--json={"b":2}']).values['arguments-json']).toBe('{"b":2}');
    // After `--`, words are positionals and left alone.
    expect(jsonArguments(['call', '--', '--json', '{}'])).toEqual(['call', '--', '--json', '{}']);
  });

  it('--arg values are typed, --json objects merged under them, and malformed input is a usage error', () => {
    expect(toolArguments({ 'arguments-json': '{"a":1,"b":"x"}', arg: ['b=2', 'c=true', 'd=hello world'] })).toEqual({
      a: 1,
      b: 2,
      c: true,
      d: 'hello world',
    });
    for (const bad of [{ 'arguments-json': '[1]' }, { 'arguments-json': '{nope' }, { arg: ['novalue'] }]) {
      expect(() => toolArguments(bad)).toThrow(expect.objectContaining({ code: ErrorCode.USAGE }));
    }
  });
});

describe('--since', () => {
  const now = Date.parse('2026-12-03T10:00:00Z');
  it('takes durations back from now and ISO dates', () => {
    expect(parseSince('10m', now)).toBe(now - 600_000);
    expect(parseSince('90s', now)).toBe(now - 90_000);
    expect(parseSince('2h', now)).toBe(now - 7_200_000);
    expect(parseSince('1d', now)).toBe(now - 86_400_000);
    expect(parseSince('2026-12-03T09:00:00Z', now)).toBe(now - 3_600_000);
    expect(() => parseSince('soon', now)).toThrow(expect.objectContaining({ code: ErrorCode.USAGE }));
  });
});

describe('exit codes', () => {
  it('map error codes to the documented table; anything unexpected is a failure', () => {
    expect(exitCodeFor(new AppError(ErrorCode.USAGE, 'x'))).toBe(EXIT.USAGE);
    expect(exitCodeFor(new AppError(ErrorCode.UNREACHABLE, 'x'))).toBe(EXIT.UNREACHABLE);
    expect(exitCodeFor(new AppError(ErrorCode.UNAUTHORIZED, 'x'))).toBe(EXIT.UNAUTHORIZED);
    expect(exitCodeFor(new AppError(ErrorCode.CONFIG_INVALID, 'x'))).toBe(EXIT.CONFIG_INVALID);
    expect(exitCodeFor(new AppError(ErrorCode.SERVER_NOT_FOUND, 'x'))).toBe(EXIT.FAILED);
    expect(exitCodeFor(new Error('bug'))).toBe(EXIT.FAILED);
    expect(Object.values(EXIT)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
