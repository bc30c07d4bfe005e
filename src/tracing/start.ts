import { register } from 'node:module';
import { type Config, loadConfig } from '../config/index.js';
import { installTracing, TRACING_OFF, type Tracing } from './tracing.js';

/**
 * Turns tracing on for this process when the OTEL_* variables ask for it, and must run before the
 * server's modules are imported: express, graphql and Apollo are imported as ES modules, which
 * the instrumentations can only patch through a loader hook registered before they load
 * (`import-in-the-middle`; CommonJS `require`s are patched by `require-in-the-middle`). The hook
 * wraps only the modules an instrumentation asked for, and nothing is registered when tracing is
 * off, so the default start-up costs and behaves as before.
 *
 * Returns the validated config with it, for the server to use rather than validate again; a
 * configuration error (config undefined) is left for the server's start-up to report, in its
 * one-line form.
 */
export async function startTracingBeforeServer(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ tracing: Tracing; config: Config | undefined }> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch {
    return { tracing: TRACING_OFF, config: undefined };
  }
  const options = config.tracing;
  if (options.exporter === 'none') return { tracing: TRACING_OFF, config };
  const { createAddHookMessageChannel } = await import('import-in-the-middle');
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
  const tracing = await installTracing(options);
  // The loader learns asynchronously which modules to wrap; importing the server before it has
  // would leave them unpatched.
  await waitForAllMessagesAcknowledged();
  return { tracing, config };
}
