import { describe, expect, it } from '@jest/globals';
import { parseRateLimit } from '../../src/common/index.js';
import { detailsStatus } from '../../src/opswat/index.js';

describe('Device Details status → ComplianceStatus', () => {
  it.each([
    ['compliant', 'COMPLIANT'],
    ['non_compliant', 'NON_COMPLIANT'],
    ['non-compliant', 'NON_COMPLIANT'],
    ['Non_Compliant', 'NON_COMPLIANT'],
    ['pending', 'REPORTING'],
    ['installed', 'REPORTING'],
    ['exempted', 'EXEMPTED'],
    ['out_of_license_usage', 'UNKNOWN'],
    ['unknown', 'UNKNOWN'],
    ['ignored', 'UNKNOWN'],
    ['quarantined', 'UNKNOWN'],
    ['', 'UNKNOWN'],
    [0, 'COMPLIANT'],
    [1, 'NON_COMPLIANT'],
    [3, 'REPORTING'],
    [7, 'UNKNOWN'],
    [null, 'UNKNOWN'],
  ] as const)('maps %j to %s', (raw, status) => {
    expect(detailsStatus(raw)).toBe(status);
  });
});

describe('X-RateLimit-* headers', () => {
  const now = 1_800_000_000_000;

  it('reads a small Reset-Time as seconds from now', () => {
    expect(parseRateLimit({ 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '3', 'x-ratelimit-reset-time': '42' }, now)).toEqual({
      limit: 10,
      remaining: 3,
      resetAt: now + 42_000,
    });
  });

  it('reads a Reset-Time above 10^9 as epoch seconds', () => {
    expect(parseRateLimit({ 'x-ratelimit-reset-time': '1800000042' }, now)).toEqual({
      limit: null,
      remaining: null,
      resetAt: 1_800_000_042_000,
    });
  });

  it('gives null without any readable header, and null for each unreadable one', () => {
    expect(parseRateLimit({ 'retry-after': '5' }, now)).toBeNull();
    expect(parseRateLimit({ 'x-ratelimit-limit': 'ten', 'x-ratelimit-remaining': '-1' }, now)).toBeNull();
    expect(parseRateLimit({ 'x-ratelimit-limit': 'ten', 'x-ratelimit-remaining': '4' }, now)).toEqual({
      limit: null,
      remaining: 4,
      resetAt: null,
    });
  });
});
