import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the subgraph behind the proxy received it. */
export interface RecordedRequest {
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body (POST), or null. */
  body: { query?: string; variables?: Record<string, unknown> } | null;
}

/** A loopback proxy in front of a subgraph that records every request a gateway sends it. */
export interface RecordingProxy {
  url: string;
  requests: RecordedRequest[];
  /** The recorded `_entities` requests and how many representations each carried. */
  entityCalls(): number[];
  close(): Promise<void>;
}

/** Starts a proxy forwarding every request to `target` unchanged, recording headers and body first. */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    requests.push({ headers: req.headers, body: raw.length > 0 ? JSON.parse(raw.toString('utf8')) : null });
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string' && !['host', 'content-length', 'connection'].includes(entry[0]),
      ),
    );
    const upstream = await fetch(target, { method: req.method, headers, body: raw.length > 0 ? raw : undefined });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    requests,
    entityCalls: () =>
      requests
        .filter((request) => /\b_entities\s*\(/.test(request.body?.query ?? ''))
        .map((request) => (request.body?.variables?.representations as unknown[] | undefined)?.length ?? 0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
