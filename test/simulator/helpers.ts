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
