import { describe, expect, it } from '@jest/globals';

import { normalizeHostname, shortHostname } from '../../src/inventory/hostname.js';

describe('normalizeHostname', () => {
  it.each([
    ['trims surrounding whitespace', '  ws-0117  ', 'ws-0117'],
    ['lower-cases', 'WS-0117.Corp.Example.COM', 'ws-0117.corp.example.com'],
    ['drops the trailing root dot', 'ws-0117.corp.example.com.', 'ws-0117.corp.example.com'],
    ['drops only one trailing dot', 'ws-0117..', 'ws-0117.'],
    ['drops the dot after trimming', ' WS-0117. ', 'ws-0117'],
    ['leaves an empty name empty', '   ', ''],
  ])('%s', (_rule, input, expected) => {
    expect(normalizeHostname(input)).toBe(expected);
  });
});

describe('shortHostname', () => {
  it.each([
    ['returns the first label of an FQDN', 'WS-0117.corp.example.com.', 'ws-0117'],
    ['returns a short name itself, normalized', ' MacBook-Pro ', 'macbook-pro'],
    ['returns an empty string for an empty name', '', ''],
  ])('%s', (_rule, input, expected) => {
    expect(shortHostname(input)).toBe(expected);
  });
});
