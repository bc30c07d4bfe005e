export { startTracingBeforeServer } from './start.js';
export {
  installTracing,
  RedactingSpanExporter,
  TRACING_OFF,
  type Tracing,
  type TracingOptions,
} from './tracing.js';
