/** Small HTTP helpers for simulator specs: real requests over loopback with global fetch. */
import type { Simulator } from '../../src/simulator/index.js';

/** GET an Automox path (relative to the policy-report base) with the simulator's API key. */
export function automoxGet(sim: Simulator, pathAndQuery: string, apiKey = sim.credentials.automoxApiKey): Promise<Response> {
  return fetch(`${sim.automoxPolicyReportUrl}${pathAndQuery}`, { headers: { authorization: `Bearer ${apiKey}` } });
}

/** GET an Automox path and parse its JSON, failing loudly on a non-200. */
export async function automoxJson<T = any>(sim: Simulator, pathAndQuery: string): Promise<T> {
  const res = await automoxGet(sim, pathAndQuery);
  if (res.status !== 200) throw new Error(`GET ${pathAndQuery} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** POST the OAuth token endpoint with a form body. */
export function tokenRequest(sim: Simulator, form: Record<string, string>): Promise<Response> {
  return fetch(`${sim.opswatUrl}/o/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

/** A fresh access token for the simulator's own client. */
export async function accessToken(sim: Simulator): Promise<string> {
  const res = await tokenRequest(sim, {
    client_id: sim.credentials.opswatClientId,
    client_secret: sim.credentials.opswatClientSecret,
    grant_type: 'client_credentials',
  });
  const body = (await res.json()) as { access_token: string };
  return body.access_token;
}

/** Calls Device Policy Check v2.2 for one identifier. */
export function policyCheck(
  sim: Simulator,
  value: string,
  token: string,
  params: { opt?: string; verbose?: string } = {},
): Promise<Response> {
  const query = new URLSearchParams({ access_token: token, verbose: params.verbose ?? '0', opt: params.opt ?? '0' });
  return fetch(`${sim.opswatUrl}/o/api/v2.2/devices/${encodeURIComponent(value)}/policy_check?${query}`);
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Calls Device Details v3.x with a JSON body (a string is sent as is); the token goes in the query as documented. */
export function deviceDetails(sim: Simulator, token: string, body: unknown, version = 'v3.8'): Promise<Response> {
  return fetch(`${sim.opswatUrl}/o/api/${version}/devices/detail?access_token=${encodeURIComponent(token)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** POSTs a JSON body (a string is sent as is) to an OPSWAT API path, the token in the query as documented. */
export function opswatPost(sim: Simulator, path: string, token: string, body: unknown): Promise<Response> {
  return fetch(`${sim.opswatUrl}${path}?access_token=${encodeURIComponent(token)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Calls Get Devices (v3.7 unless told) with a JSON body. */
export function getDevices(sim: Simulator, token: string, body: unknown, version = 'v3.7'): Promise<Response> {
  return opswatPost(sim, `/o/api/${version}/devices`, token, body);
}

/** Calls Status Change v3 with a JSON body. */
export function statusChanged(sim: Simulator, token: string, body: unknown): Promise<Response> {
  return opswatPost(sim, '/o/api/v3/devices/status_changed', token, body);
}

/** Calls Status Change v2.1 with query parameters beside the token. */
export function statusChangedV2(sim: Simulator, token: string, params: Record<string, string> = {}): Promise<Response> {
  const query = new URLSearchParams({ access_token: token, ...params });
  return fetch(`${sim.opswatUrl}/o/api/v2.1/devices/status_changed?${query}`);
}

/** A loopback server that records every request it gets and answers each with the next status of `statuses` (then 200). */
export async function startReceiver(statuses: number[] = []): Promise<{
  url: string;
  requests: Array<{ method: string; headers: Record<string, string | string[] | undefined>; body: string }>;
  close(): Promise<void>;
}> {
  const { createServer } = await import('node:http');
  const requests: Array<{ method: string; headers: Record<string, string | string[] | undefined>; body: string }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/opswat-hook`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
