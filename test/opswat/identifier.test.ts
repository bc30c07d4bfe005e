import { describe, expect, it } from '@jest/globals';
import { identifierPathSegment, validateLookupIdentifier } from '../../src/opswat/index.js';

describe('identifiers that reach an OPSWAT URL: accepted', () => {
  it.each([
    ['AA-BB-CC-DD-EE-0F', 'MAC_ADDRESS', 'aa:bb:cc:dd:ee:0f'],
    ['aabb.ccdd.ee0f', 'MAC_ADDRESS', 'aa:bb:cc:dd:ee:0f'],
    [' KZ60M9CW7L1L218D ', 'HWID', 'KZ60M9CW7L1L218D'],
    ['0f3a_b-9', 'HWID', '0f3a_b-9'],
    ['Guest Wi-Fi', 'SSID', 'Guest Wi-Fi'],
    ['café ☕ 5G?#&', 'SSID', 'café ☕ 5G?#&'],
    ['...', 'SSID', '...'],
    ['x'.repeat(32), 'SSID', 'x'.repeat(32)],
  ] as const)('accepts %j as %s (%j)', (input, kind, identifier) => {
    expect(validateLookupIdentifier(input, kind)).toEqual({ identifier, kind });
  });
});

describe('identifiers that reach an OPSWAT URL: refused with BAD_USER_INPUT', () => {
  const hostile = ['..', '.', '/', '%2e%2e', 'a/../b', 'a\u0000b', 'line\nbreak', 'tab\there', 'del\u007f', 'a\\b', '%2F'];

  it.each(hostile.flatMap((value) => [[value, 'HWID'] as const, [value, 'SSID'] as const]))('refuses %j as %s', (value, kind) => {
    expect(() => validateLookupIdentifier(value, kind)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'identifier' }),
    );
  });

  it.each([
    ['', 'SSID'],
    ['x'.repeat(33), 'SSID'],
    ['é'.repeat(17), 'SSID'],
    ['', 'HWID'],
    ['h'.repeat(129), 'HWID'],
    ['KZ60:M9CW', 'HWID'],
    ['aa:bb:cc', 'MAC_ADDRESS'],
  ] as const)('refuses %j as %s (length or alphabet)', (value, kind) => {
    expect(() => validateLookupIdentifier(value, kind)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});

describe('identifiers as one URL path segment', () => {
  it('keeps colons literal for MACs only', () => {
    expect(identifierPathSegment('aa:bb:cc:dd:ee:ff', 'MAC_ADDRESS')).toBe('aa:bb:cc:dd:ee:ff');
    expect(identifierPathSegment('net:work', 'SSID')).toBe('net%3Awork');
  });

  it('percent-encodes everything that could end the segment or the path', () => {
    expect(identifierPathSegment('Guest Wi-Fi?#&', 'SSID')).toBe('Guest%20Wi-Fi%3F%23%26');
  });

  it('refuses a dot segment even when validation was skipped', () => {
    for (const value of ['', '.', '..'])
      expect(() => identifierPathSegment(value, 'SSID')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});
