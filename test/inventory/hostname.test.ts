import { describe, expect, it } from '@jest/globals';

import { hostnamesMatch, normalizeHostname, shortHostname } from '../../src/inventory/hostname.js';

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

describe('hostnamesMatch', () => {
  it.each([
    ['identical names', 'ws-0117', 'ws-0117'],
    ['names differing only in case', 'WS-0117', 'ws-0117'],
    ['an FQDN with and without its trailing dot', 'ws-0117.corp.example.com.', 'WS-0117.corp.example.com'],
    ['a short name and an FQDN with that first label', 'ws-0117', 'WS-0117.corp.example.com.'],
    ['an FQDN and a short name, in that order', 'WS-0117.corp.example.com.', 'ws-0117'],
    ['a short name with a trailing dot and an FQDN', 'ws-0117.', 'ws-0117.corp.example.com'],
  ])('matches %s', (_rule, a, b) => {
    expect(hostnamesMatch(a, b)).toBe(true);
  });

  it.each([
    ['different short names', 'ws-0117', 'ws-0118'],
    ['two FQDNs with the same first label in different domains', 'a.corp.x', 'a.lab.x'],
    ['a short name equal to a later label of an FQDN', 'corp', 'ws-0117.corp.example.com'],
    ['a short name that is only a prefix of the first label', 'ws-01', 'ws-0117.corp.example.com'],
    ['an empty name and a name', '', 'ws-0117'],
    ['two empty names', ' ', ''],
  ])('does not match %s', (_rule, a, b) => {
    expect(hostnamesMatch(a, b)).toBe(false);
  });
});
