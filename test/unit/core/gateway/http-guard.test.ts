import { describe, expect, it } from 'vitest';
import { bearerMatches, hostAllowed, isLoopbackHost, originAllowed } from '../../../../electron/core/gateway/http-guard.js';

describe('http guard', () => {
  it('accepts only loopback Host headers with the bound port', () => {
    expect(hostAllowed('127.0.0.1:8000', 8000)).toBe(true);
    expect(hostAllowed('LOCALHOST:8000', 8000)).toBe(true);
    expect(hostAllowed('[::1]:8000', 8000)).toBe(true);
    expect(hostAllowed('127.0.0.1:8001', 8000)).toBe(false);
    expect(hostAllowed('127.0.0.1', 8000)).toBe(false);
    expect(hostAllowed('attacker.example:8000', 8000)).toBe(false);
    expect(hostAllowed(undefined, 8000)).toBe(false);
  });

  it("accepts no Origin, or only the gateway's own origin (loopback name and bound port)", () => {
    expect(originAllowed(undefined, 8000)).toBe(true);
    expect(originAllowed('http://127.0.0.1:8000', 8000)).toBe(true);
    expect(originAllowed('http://localhost:8000', 8000)).toBe(true);
    expect(originAllowed('HTTP://LOCALHOST:8000', 8000)).toBe(true);
    expect(originAllowed('http://[::1]:8000', 8000)).toBe(true);
    // Another local program's page (a dev server, another app) is not us.
    expect(originAllowed('http://localhost:5173', 8000)).toBe(false);
    expect(originAllowed('http://127.0.0.1:8001', 8000)).toBe(false);
    expect(originAllowed('http://127.0.0.1', 8000)).toBe(false);
    expect(originAllowed('https://127.0.0.1:8000', 8000)).toBe(false);
    expect(originAllowed('http://localhost.evil.example:8000', 8000)).toBe(false);
    expect(originAllowed('http://127.0.0.1:8000.evil.example', 8000)).toBe(false);
    expect(originAllowed('null', 8000)).toBe(false);
    expect(originAllowed('file://localhost', 8000)).toBe(false);
    expect(originAllowed('chrome-extension://abc', 8000)).toBe(false);
  });

  it('compares bearer tokens exactly', () => {
    expect(bearerMatches('Bearer s3cret', 's3cret')).toBe(true);
    expect(bearerMatches('bearer s3cret', 's3cret')).toBe(true);
    expect(bearerMatches('Bearer s3cre', 's3cret')).toBe(false);
    expect(bearerMatches('Bearer s3cret-and-more', 's3cret')).toBe(false);
    expect(bearerMatches('s3cret', 's3cret')).toBe(false);
    expect(bearerMatches(undefined, 's3cret')).toBe(false);
    expect(bearerMatches('Bearer ', '')).toBe(false);
    // Same length, one byte off; multi-byte text cut at the token's length; a rotated token.
    expect(bearerMatches('Bearer s3creT', 's3cret')).toBe(false);
    expect(bearerMatches('Bearer s3cré', 's3cret')).toBe(false);
    expect(bearerMatches('Bearer s3créé', 's3crét')).toBe(false);
    expect(bearerMatches('Bearer s3crét', 's3crét')).toBe(true);
    expect(bearerMatches('Bearer s3cret', 'other-token')).toBe(false);
    expect(bearerMatches('Bearer other-token', 'other-token')).toBe(true);
  });

  it('treats only loopback names as bindable', () => {
    for (const h of ['127.0.0.1', 'localhost', '::1']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '192.168.1.2', '::']) expect(isLoopbackHost(h)).toBe(false);
  });
});
