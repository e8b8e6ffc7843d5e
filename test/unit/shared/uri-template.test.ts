import { describe, expect, it } from 'vitest';
import { expandTemplate, templateVariables } from '../../../shared/uri-template.js';

describe('URI templates (RFC 6570, one string per variable)', () => {
  it('lists each variable once, in order, without modifiers', () => {
    expect(templateVariables('demo://resource/dynamic/text/{resourceId}')).toEqual(['resourceId']);
    expect(templateVariables('x://{a}/{+path*}{?q,lang:2}{&a}')).toEqual(['a', 'path', 'q', 'lang']);
    expect(templateVariables('file:///plain')).toEqual([]);
  });

  it('expands simple, reserved and query expressions with the right encoding', () => {
    expect(expandTemplate('demo://resource/dynamic/text/{resourceId}', { resourceId: '7' })).toBe('demo://resource/dynamic/text/7');
    expect(expandTemplate('x://{a}', { a: 'a b/c' })).toBe('x://a%20b%2Fc');
    expect(expandTemplate('x://{+p}', { p: 'a b/c' })).toBe('x://a%20b/c');
    expect(expandTemplate('x://r{?q,lang}', { q: 'v&w' })).toBe('x://r?q=v%26w');
    expect(expandTemplate('x://r{/a,b}', { a: '1', b: '2' })).toBe('x://r/1/2');
    expect(expandTemplate('x://r{?q}', {})).toBe('x://r');
  });

  it('keeps a gateway-namespaced template routable: the server prefix stays as written', () => {
    expect(expandTemplate('everything+demo://resource/dynamic/text/{resourceId}', { resourceId: '3' })).toBe(
      'everything+demo://resource/dynamic/text/3',
    );
  });
});
