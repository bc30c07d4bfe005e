import type { Got } from 'got';
import type { z } from 'zod';
import { parseWire, toUpstreamError } from '../common/index.js';

/** GETs an Automox path and validates the body; every failure becomes an UpstreamError. */
export async function getAutomoxJson<T extends z.ZodType>(http: Got, operation: string, path: string, schema: T): Promise<z.infer<T>> {
  let body: unknown;
  try {
    body = await http.get(path).json();
  } catch (error) {
    throw toUpstreamError(error, 'automox', operation);
  }
  return parseWire(schema, body, 'automox', operation);
}
