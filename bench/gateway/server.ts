/**
 * Hive Gateway (`@graphql-hive/gateway-runtime`, as `hive-gateway supergraph` runs it) serving a
 * supergraph file, with `/healthz` for the bench's start-up check. No plugin: the gateway's own
 * cost (query planning, the subgraph fetch, merging the answer) is what the gateway phase shows.
 *
 * Env: PORT, SUPERGRAPH_FILE.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';

const port = Number(process.env.PORT);
const file = process.env.SUPERGRAPH_FILE;
if (!Number.isInteger(port) || port < 1 || !file) {
  process.stderr.write(
    `gateway: PORT and SUPERGRAPH_FILE are required (got PORT=${process.env.PORT ?? ''}, SUPERGRAPH_FILE=${file ?? ''})\n`,
  );
  process.exit(1);
}
const supergraph = readFileSync(file, 'utf8');
const runtime = createGatewayRuntime({ supergraph: () => supergraph, logging: false });
const server = http.createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  void runtime(req, res);
});
server.listen(port, '127.0.0.1');

const stop = (): void => {
  void Promise.resolve(runtime.dispose()).finally(() => server.close(() => process.exit(0)));
  server.closeAllConnections();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
