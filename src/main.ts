import 'reflect-metadata';
import { createPostureGraph } from './app.js';
import { type Config, ConfigError, loadConfig } from './config/index.js';

/** Entry point of `npm start`: validate config once, build the graph, serve, shut down cleanly. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const graph = await createPostureGraph(config);
  const port = await graph.http.listen(config.port, config.access.host);
  graph.logger.info({ url: `http://localhost:${port}/graphql`, store: graph.stores.kind }, 'posture graph ready');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    graph.logger.info({ signal }, 'shutting down');
    graph.close().then(
      () => process.exit(0),
      (error: unknown) => {
        graph.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

await main();
