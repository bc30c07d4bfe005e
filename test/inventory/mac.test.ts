import { describe, expect, it } from '@jest/globals';

import { isLocallyAdministered, isUsableMac, normalizeMac } from '../../src/inventory/mac.js';

describe('normalizeMac', () => {
  it.each([
    ['colon-separated upper case', 'AA:BB:CC:DD:EE:FF'],
    ['colon-separated lower case', 'aa:bb:cc:dd:ee:ff'],
    ['hyphen-separated (Windows)', 'aa-bb-cc-dd-ee-ff'],
    ['hyphen-separated upper case', 'AA-BB-CC-DD-EE-FF'],
    ['Cisco dotted', 'aabb.ccdd.eeff'],
    ['Cisco dotted upper case', 'AABB.CCDD.EEFF'],
    ['bare hex', 'AABBCCDDEEFF'],
    ['mixed case', 'aA:Bb:cC:dD:Ee:fF'],
    ['surrounding spaces', '  aa:bb:cc:dd:ee:ff  '],
    ['surrounding tabs and newlines', '\taa-bb-cc-dd-ee-ff\n'],
  ])('accepts %s', (_notation, input) => {
    expect(normalizeMac(input)).toBe('aa:bb:cc:dd:ee:ff');
  });

  it('keeps leading zeros in every octet', () => {
    expect(normalizeMac('00-0C-29-0A-0B-0C')).toBe('00:0c:29:0a:0b:0c');
  });

  it.each([
    ['an empty string', ''],
    ['only whitespace', '   '],
    ['five octets', 'aa:bb:cc:dd:ee'],
    ['seven octets', 'aa:bb:cc:dd:ee:ff:00'],
    ['an 8-byte EUI-64', 'aa:bb:cc:ff:fe:dd:ee:ff'],
    ['a bare EUI-64', 'aabbccfffeddeeff'],
    ['eleven bare digits', 'aabbccddeef'],
    ['thirteen bare digits', 'aabbccddeeff0'],
    ['a non-hex digit', 'aa:bb:cc:dd:ee:fg'],
    ['mixed separators', 'aa:bb-cc:dd:ee:ff'],
    ['colons and hyphens alternating', 'aa-bb:cc-dd:ee-ff'],
    ['single-digit groups', 'a:b:c:d:e:f'],
    ['three-digit groups', 'aab:bcc:dde:eff'],
    ['dotted groups of the wrong size', 'aabbc.cddee.ff'],
    ['dotted with colons', 'aabb:ccdd:eeff'],
    ['space-separated octets', 'aa bb cc dd ee ff'],
    ['a trailing separator', 'aa:bb:cc:dd:ee:ff:'],
    ['a leading separator', ':aa:bb:cc:dd:ee:ff'],
    ['inner whitespace', 'aa:bb:cc :dd:ee:ff'],
    ['a 0x prefix', '0xaabbccddeeff'],
    ['an IPv4 address', '192.168.1.10'],
  ])('rejects %s', (_notation, input) => {
    expect(normalizeMac(input)).toBeNull();
  });
});

describe('isUsableMac', () => {
  it('accepts an ordinary burned-in unicast MAC', () => {
    expect(isUsableMac('3c:52:82:1a:2b:3c')).toBe(true);
  });

  it('accepts a locally administered unicast MAC, which still names one adapter', () => {
    expect(isUsableMac('02:00:4c:4f:4f:50')).toBe(true);
  });

  it.each([
    ['all-zero', '00:00:00:00:00:00'],
    ['broadcast', 'ff:ff:ff:ff:ff:ff'],
    ['IPv4 multicast', '01:00:5e:00:00:fb'],
    ['IPv6 multicast', '33:33:00:00:00:01'],
    ['any first octet with the group bit set', '03:11:22:33:44:55'],
  ])('rejects a %s MAC', (_kind, mac) => {
    expect(isUsableMac(mac)).toBe(false);
  });

  it('rejects text that is not a MAC', () => {
    expect(isUsableMac('not-a-mac')).toBe(false);
  });

  it('accepts any notation, not only the normalized one', () => {
    expect(isUsableMac('3C-52-82-1A-2B-3C')).toBe(true);
    expect(isUsableMac('FFFF.FFFF.FFFF')).toBe(false);
  });
});

describe('isLocallyAdministered', () => {
  it.each([
    ['a randomised Wi-Fi MAC (x2)', 'da:a1:19:00:11:22', true],
    ['a software-set MAC (x6)', '06:11:22:33:44:55', true],
    ['a Docker bridge MAC (02)', '02:42:ac:11:00:02', true],
    ['a burned-in Intel MAC', '3c:52:82:1a:2b:3c', false],
    ['a VMware guest MAC, which is universally administered', '00:50:56:a1:b2:c3', false],
    ['text that is not a MAC', 'zz:zz:zz:zz:zz:zz', false],
  ])('classifies %s', (_kind, mac, expected) => {
    expect(isLocallyAdministered(mac)).toBe(expected);
  });
});
