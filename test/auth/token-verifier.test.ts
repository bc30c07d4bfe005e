import { afterEach, describe, expect, it } from '@jest/globals';
import { callerFromClaims, KeysUnavailableError, TokenVerifier } from '../../src/auth/index.js';
import { UnauthenticatedError } from '../../src/common/index.js';
import { makeKey, startIdentityProvider, type TestIdentityProvider } from '../helpers/jwks.js';

let idp: TestIdentityProvider | undefined;
afterEach(async () => {
  await idp?.close();
  idp = undefined;
});

const verifierFor = (provider: TestIdentityProvider, refetchCooldownMs: number) =>
  new TokenVerifier({ jwksUrl: provider.jwksUrl, issuer: provider.issuer, audience: provider.audience, refetchCooldownMs });

describe('JWKS caching and rotation', () => {
  it('fetches the keys once for many tokens', async () => {
    idp = await startIdentityProvider([await makeKey('a')]);
    const verifier = verifierFor(idp, 30_000);
    for (let i = 0; i < 5; i += 1) await verifier.verify(`Bearer ${await idp.mint()}`);
    expect(idp.fetches()).toBe(1);
  });

  it('refetches on an unknown kid, so a rotated-in key is accepted', async () => {
    const old = await makeKey('old');
    idp = await startIdentityProvider([old]);
    const verifier = verifierFor(idp, 0);
    await verifier.verify(`Bearer ${await idp.mint()}`);
    const rotated = await makeKey('new');
    idp.publish([rotated]);
    const caller = await verifier.verify(`Bearer ${await idp.mint({}, { key: rotated })}`);
    expect(caller).toMatchObject({ kind: 'token', clientId: 'web-app' });
    expect(idp.fetches()).toBe(2);
  });

  it('refetches at most once per cooldown, however many unknown kids arrive', async () => {
    idp = await startIdentityProvider([await makeKey('a')]);
    const verifier = verifierFor(idp, 60_000);
    await verifier.verify(`Bearer ${await idp.mint()}`);
    for (let i = 0; i < 5; i += 1) {
      const forged = await idp.mint({}, { key: await makeKey(`forged-${i}`) });
      await expect(verifier.verify(`Bearer ${forged}`)).rejects.toBeInstanceOf(UnauthenticatedError);
    }
    expect(idp.fetches()).toBe(1);
  });

  it('says the keys are unavailable (not that the token is bad) when the identity provider is down', async () => {
    idp = await startIdentityProvider([await makeKey('a')]);
    const token = await idp.mint();
    const verifier = verifierFor(idp, 0);
    await idp.close();
    idp = undefined;
    await expect(verifier.verify(`Bearer ${token}`)).rejects.toBeInstanceOf(KeysUnavailableError);
  });
});

describe('the caller a token stands for', () => {
  it('takes scopes from a space-separated scope claim', () => {
    expect([...callerFromClaims({ sub: 's', scope: 'posture:read  compliance:lookup' }).scopes]).toEqual([
      'posture:read',
      'compliance:lookup',
    ]);
  });

  it('takes scopes from scp, as an array or a string', () => {
    expect([...callerFromClaims({ sub: 's', scp: ['posture:read'] }).scopes]).toEqual(['posture:read']);
    expect([...callerFromClaims({ sub: 's', scp: 'compliance:lookup' }).scopes]).toEqual(['compliance:lookup']);
  });

  it('counts the request against azp, else client_id, else sub', () => {
    expect(callerFromClaims({ azp: 'spa', client_id: 'cid', sub: 'user' }).clientId).toBe('spa');
    expect(callerFromClaims({ client_id: 'cid', sub: 'user' }).clientId).toBe('cid');
    expect(callerFromClaims({ sub: 'user' }).clientId).toBe('user');
  });

  it('refuses a token that names no client', () => {
    expect(() => callerFromClaims({ scope: 'posture:read' })).toThrow(UnauthenticatedError);
  });
});
