import { describe, expect, it } from '@jest/globals';
import { redactUrl, SecretRedactor, UpstreamError } from '../../src/common/index.js';
import { captureLogs } from '../helpers/logs.js';

describe('redactUrl', () => {
  it.each([
    [
      'https://gears.opswat.com/o/api/v2.2/devices/aa:bb/policy_check?access_token=abc123&verbose=1',
      'https://gears.opswat.com/o/api/v2.2/devices/aa:bb/policy_check?access_token=[REDACTED]&verbose=1',
    ],
    ['o/oauth/token?client_secret=s3cr3t&client_id=x', 'o/oauth/token?client_secret=[REDACTED]&client_id=x'],
    ['https://user:pw@host/x?refresh_token=r', 'https://[REDACTED]@host/x?refresh_token=[REDACTED]'],
    ['https://h/p?org=56c0&sort=run_time:asc', 'https://h/p?org=56c0&sort=run_time:asc'],
  ])('redacts %s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });
});

describe('SecretRedactor', () => {
  it('scrubs registered secrets anywhere in text and nested values, including errors', () => {
    const redactor = new SecretRedactor();
    redactor.add('token-abcdef');
    const error = new Error('failed with token-abcdef');
    const scrubbed = redactor.redactDeep({ message: 'x token-abcdef y', list: ['token-abcdef'], error });
    expect(JSON.stringify(scrubbed)).not.toContain('token-abcdef');
    expect(scrubbed.message).toBe('x [REDACTED] y');
  });
});

describe('logger', () => {
  it('never writes a registered secret, in fields, messages, URLs or errors', () => {
    const logs = captureLogs();
    logs.redactor.add('client-secret-value');
    logs.logger.info(
      { url: 'https://x/o/api?access_token=live-token-999', note: 'client-secret-value' },
      'calling with client-secret-value',
    );
    logs.logger.error({ err: new UpstreamError('UPSTREAM_UNAUTHORIZED', 'opswat', 'bad client-secret-value') }, 'failed');
    logs.logger.info({ headers: { authorization: 'Bearer automox-key-1' } }, 'request');
    const text = logs.text();
    for (const secret of ['client-secret-value', 'live-token-999', 'automox-key-1']) expect(text).not.toContain(secret);
    expect(logs.lines()).toHaveLength(3);
  });
});
