import { once } from 'node:events';
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { SCOPES } from './caller.js';

/**
 * `npm run dev-auth`: a throwaway identity provider on loopback for trying authentication
 * locally. It serves a JWKS with a fresh RS256 key, prints the variables that point the graph at
 * it, and mints tokens (valid 12 hours) for a few scope sets. Keys live only in this process.
 */
async function main(): Promise<void> {
  const port = Number(process.env.DEV_AUTH_PORT ?? 4400);
  const issuer = `http://127.0.0.1:${port}/`;
  const audience = 'posture-graph';
  const kid = `dev-${Date.now()}`;
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] });
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(jwks);
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');

  const mint = (scope: string, clientId: string) =>
    new SignJWT({ scope, azp: clientId })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject('dev-user')
      .setIssuedAt()
      .setExpirationTime('12h')
      .sign(privateKey);

  const out = process.stdout;
  out.write('Start the graph with:\n\n');
  out.write(`  AUTH_JWKS_URL=http://127.0.0.1:${port}/.well-known/jwks.json AUTH_ISSUER=${issuer} AUTH_AUDIENCE=${audience} npm start\n\n`);
  out.write('Then send one of these as `Authorization: Bearer <token>` (Sandbox: the Headers tab):\n\n');
  out.write(
    `  ${SCOPES.postureRead} ${SCOPES.complianceLookup}:\n    ${await mint(`${SCOPES.postureRead} ${SCOPES.complianceLookup}`, 'dev-ops-tool')}\n\n`,
  );
  out.write(
    `  ${SCOPES.postureRead} only (compliance(identifier:) answers FORBIDDEN):\n    ${await mint(SCOPES.postureRead, 'dev-web-app')}\n\n`,
  );
  out.write(`Serving the JWKS on 127.0.0.1:${port} until Ctrl-C.\n`);
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
