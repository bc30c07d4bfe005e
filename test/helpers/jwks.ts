import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';

/** A signing key the test identity provider may publish. */
export interface TestKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  jwk: JWK;
}

/** Makes a key pair; its public half is what a JWKS lists. */
export async function makeKey(kid: string, alg: 'RS256' | 'ES256' = 'RS256'): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** A local identity provider: serves a JWKS on loopback, counts fetches, and rotates keys on demand. */
export interface TestIdentityProvider {
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** Replaces the published keys (a rotation). */
  publish(keys: TestKey[]): void;
  /** How many times the JWKS was fetched. */
  fetches(): number;
  /** From now on the JWKS answers as an identity provider in trouble would: 503, or a body that is not JSON; null heals it. */
  fail(mode: 'unavailable' | 'garbage' | null): void;
  /**
   * Signs a token with `key` (default: the first published), for this issuer and audience unless `claims` override them;
   * `expiresIn: null` leaves `exp` out, `issuedAt` sets `iat` (epoch seconds) instead of now.
   */
  mint(
    claims?: JWTPayload,
    options?: { key?: TestKey; expiresIn?: string | number | null; notBefore?: string | number; issuedAt?: number },
  ): Promise<string>;
  close(): Promise<void>;
}

/** Starts a JWKS server with `keys` published. */
export async function startIdentityProvider(keys: TestKey[]): Promise<TestIdentityProvider> {
  let published = keys;
  let fetched = 0;
  let failure: 'unavailable' | 'garbage' | null = null;
  const server: Server = createServer((_req, res) => {
    fetched += 1;
    if (failure === 'unavailable') {
      res.writeHead(503, { 'content-type': 'text/html' }).end('<h1>Service Unavailable</h1>');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(failure === 'garbage' ? '<html>maintenance</html>' : JSON.stringify({ keys: published.map((key) => key.jwk) }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const issuer = 'https://idp.test.example/';
  const audience = 'posture-graph';
  return {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    issuer,
    audience,
    publish: (next) => {
      published = next;
    },
    fetches: () => fetched,
    fail: (mode) => {
      failure = mode;
    },
    async mint(claims = {}, options = {}) {
      const key = options.key ?? published[0];
      if (!key) throw new Error('no key to sign with');
      let jwt = new SignJWT({ iss: issuer, aud: audience, sub: 'user-1', azp: 'web-app', scope: 'posture:read', ...claims })
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
        .setIssuedAt(options.issuedAt);
      if (options.expiresIn !== null) jwt = jwt.setExpirationTime(options.expiresIn ?? '5m');
      if (options.notBefore !== undefined) jwt = jwt.setNotBefore(options.notBefore);
      return jwt.sign(key.privateKey);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** An unsigned token (`alg: none`), as an attacker would send it. */
export function unsignedToken(payload: JWTPayload): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`;
}
