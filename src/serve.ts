import 'reflect-metadata';
import http from 'node:http';
import { createPostureGraph, type PostureGraph } from './root/index.js';
import { listen, oneLine, onTerminationSignal } from './common/index.js';
import { type Config, loadConfig } from './config/index.js';
import type { Tracing } from './tracing/index.js';

/**
 * The server's life: validate config, bind the port, build the graph, serve, and shut down on
 * SIGTERM. Every start-up failure (bad value, port in use, unusable DATA_DIR, unreachable Redis)
 * ends the process with one line on stderr naming the cause and the variable, never a stack.
 * `tracing` was started by main.ts before this module loaded, from `config` when it was valid; its
 * spans are flushed on the way out. Without `config` it is validated here, which reports the error.
 */
export async function serve(tracing: Tracing, validated?: Config): Promise<void> {
  let graph: PostureGraph | undefined;
  try {
    const config = validated ?? loadConfig();
    // Bind first: a busy port must fail before the demo simulator starts or the store is opened.
    // Until the graph is built, whoever knocks (a readiness probe) hears "starting", not silence.
    const server = http.createServer();
    const starting = (_req: http.IncomingMessage, res: http.ServerResponse) => {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' }).end('{"status":"starting"}');
    };
    server.on('request', starting);
    const port = await listen(server, config.port, config.access.host).catch((error: unknown) => {
      throw (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
        ? new Error(`PORT ${config.port} is already in use by another process; stop it or set PORT to a free port, for example PORT=4001`)
        : error;
    });
    graph = await createPostureGraph(config, { server }); // its app replaces `starting`
    const running = graph;
    // The GraphQL port is bound already; this binds the metrics port in production.
    await running.http.listen(port, config.access.host);
    running.logger.info(
      {
        url: `http://localhost:${port}/graphql`,
        host: config.access.host,
        metricsPort: running.http.metricsPort(),
        metricsHost: running.http.metricsPort() === null ? undefined : config.access.metricsHost,
        store: running.stores.kind,
      },
      'posture graph ready',
    );
    onTerminationSignal(async (signal) => {
      running.logger.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down: not ready, draining in-flight requests');
      try {
        await running.shutdown(config.shutdownTimeoutMs);
        await tracing.shutdown();
        running.logger.info({ signal }, 'shut down');
      } catch (error) {
        running.logger.error({ err: error }, 'shutdown failed');
        throw error;
      }
    });
  } catch (error) {
    process.stderr.write(`posture-graph cannot start: ${oneLine(error)}\n`);
    await graph?.close().catch(() => undefined);
    await tracing.shutdown().catch(() => undefined);
    process.exit(1);
  }
}
