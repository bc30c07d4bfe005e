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

describe('credential headers in log lines', () => {
  it('are redacted at any depth and in any case, in a line and in a child logger’s bindings', () => {
    const logs = captureLogs();
    logs.logger.info({ upstream: { request: { headers: { Authorization: 'Bearer client-jwt-1', accept: 'json' } } } }, 'call');
    logs.logger.child({ headers: { cookie: 'session=client-cookie-2' } }).info({ list: [{ 'x-api-key': 'client-key-3' }] }, 'more');
    const text = logs.text();
    for (const secret of ['client-jwt-1', 'client-cookie-2', 'client-key-3']) expect(text).not.toContain(secret);
    expect(logs.lines()[0]).toMatchObject({ upstream: { request: { headers: { Authorization: '[REDACTED]', accept: 'json' } } } });
  });

  it('leaves a value with nothing to scrub as it is, and never changes the object it was given', () => {
    const redactor = new SecretRedactor();
    const clean = { a: 'plain', list: [1, 'two', { b: null }] };
    expect(redactor.redactDeep(clean)).toBe(clean);
    const dirty = { headers: { authorization: 'Bearer x' }, url: 'https://h/p?access_token=abc' };
    const scrubbed = redactor.redactDeep(dirty);
    expect(scrubbed).toEqual({ headers: { authorization: '[REDACTED]' }, url: 'https://h/p?access_token=[REDACTED]' });
    expect(dirty.headers.authorization).toBe('Bearer x');
    expect(dirty.url).toBe('https://h/p?access_token=abc');
  });
});

describe('SecretRedactor.redactSerialized', () => {
  it('scrubs a serialized line and stops at the end of each JSON string', () => {
    const redactor = new SecretRedactor();
    redactor.add('pa"ss\\word');
    const line = JSON.stringify({
      url: 'https://h/o/api?access_token=tok-1',
      next: 'kept',
      err: { message: 'with pa"ss\\word inside' },
      headers: { 'Set-Cookie': ['a=1', 'b=2'], Authorization: 'Bearer "quoted" jwt', accept: '*/*' },
      proxy: 'https://user:pw@proxy:8080/',
    });
    expect(JSON.parse(redactor.redactSerialized(line))).toEqual({
      url: 'https://h/o/api?access_token=[REDACTED]',
      next: 'kept',
      err: { message: 'with [REDACTED] inside' },
      headers: { 'Set-Cookie': '[REDACTED]', Authorization: '[REDACTED]', accept: '*/*' },
      proxy: 'https://[REDACTED]@proxy:8080/',
    });
  });
});
