export { installTracing, RedactingSpanExporter, type Tracing } from './tracing.js';
