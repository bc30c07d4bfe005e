import { register } from 'node:module';
import { loadConfig } from '../config/index.js';
import { installTracing, TRACING_OFF, type Tracing } from './tracing.js';

/**
 * Turns tracing on for this process when the OTEL_* variables ask for it, and must run before the
 * server's modules are imported: express, graphql and Apollo are imported as ES modules, which
 * the instrumentations can only patch through a loader hook registered before they load
 * (`import-in-the-middle`; CommonJS `require`s are patched by `require-in-the-middle`). The hook
 * wraps only the modules an instrumentation asked for, and nothing is registered when tracing is
 * off, so the default start-up costs and behaves as before.
 *
 * A configuration error is left for the server's start-up to report, in its one-line form.
 */
export async function startTracingBeforeServer(env: NodeJS.ProcessEnv = process.env): Promise<Tracing> {
  let options: ReturnType<typeof loadConfig>['tracing'];
  try {
    options = loadConfig(env).tracing;
  } catch {
    return TRACING_OFF;
  }
  if (options.exporter === 'none') return TRACING_OFF;
  const { createAddHookMessageChannel } = await import('import-in-the-middle');
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
  const tracing = await installTracing(options);
  // The loader learns asynchronously which modules to wrap; importing the server before it has
  // would leave them unpatched.
  await waitForAllMessagesAcknowledged();
  return tracing;
}
