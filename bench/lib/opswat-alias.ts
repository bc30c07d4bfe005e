/**
 * A loopback proxy in front of the simulator's OPSWAT that answers synthetic MAC addresses as if
 * they were fleet devices. The simulator cannot build a fleet much beyond ~3,000 devices (its
 * hostname generator runs out of unique Mac and server names and never stops looking), so the
 * memory phase reaches 10,000 cached reports with synthetic identifiers instead: each is rewritten
 * to a MAC the simulator knows, and the simulator still authenticates, rate-limits, records and
 * answers every call with a real report body.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimFleet } from '../../src/simulator/index.js';

/** Locally administered prefix no simulated adapter uses. */
const PREFIX = '02:be';

/** The i-th synthetic MAC (i < 2^32), e.g. 02:be:00:00:27:0f. */
export function syntheticMac(i: number): string {
  const hex = i.toString(16).padStart(8, '0');
  return `${PREFIX}:${hex.match(/../g)!.join(':')}`;
}

/** A running proxy. */
export interface AliasProxy {
  url: string;
  close(): Promise<void>;
}

const POLICY_CHECK = /^(\/o\/api\/v2(?:\.2)?\/devices\/)([^/?]+)(\/policy_check)$/;

/** Starts the proxy for `opswatUrl`; synthetic MACs map round-robin onto MACs with a real (status ≠ 2) report. */
export async function startAliasProxy(opswatUrl: string, fleet: SimFleet): Promise<AliasProxy> {
  const known = fleet.devices
    .filter((d) => d.opswat.report && d.opswat.report.status !== 2 && d.opswat.knownMacs[0])
    .map((d) => d.opswat.knownMacs[0]!);
  if (known.length === 0) throw new Error('the simulated fleet has no device OPSWAT reports on');
  const rewrite = (target: string): string => {
    const q = target.indexOf('?');
    const pathname = q === -1 ? target : target.slice(0, q);
    const match = POLICY_CHECK.exec(pathname);
    const id = match ? decodeURIComponent(match[2]!).toLowerCase() : '';
    if (!match || !id.startsWith(`${PREFIX}:`)) return target;
    const index = Number.parseInt(id.slice(PREFIX.length + 1).replaceAll(':', ''), 16);
    return `${match[1]}${known[index % known.length]}${match[3]}${q === -1 ? '' : target.slice(q)}`;
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)),
      ) as Record<string, string>;
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      fetch(`${opswatUrl}${rewrite(req.url ?? '/')}`, { method: req.method, headers, body })
        .then(async (upstream) => {
          const out: Record<string, string> = {};
          for (const name of ['content-type', 'retry-after', 'cache-control']) {
            const value = upstream.headers.get(name);
            if (value !== null) out[name] = value;
          }
          res.writeHead(upstream.status, out).end(Buffer.from(await upstream.arrayBuffer()));
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
