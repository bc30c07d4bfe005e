import type { z } from 'zod';
import { UpstreamError, type Upstream } from './errors.js';

const LABEL: Record<Upstream, string> = { automox: 'Automox', opswat: 'OPSWAT' };

/**
 * Validates an upstream body against its wire schema. A body of the wrong shape is an
 * UPSTREAM_BAD_RESPONSE, raised before anything reaches a cache.
 */
export function parseWire<T extends z.ZodType>(schema: T, body: unknown, upstream: Upstream, operation: string): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  throw new UpstreamError(
    'UPSTREAM_BAD_RESPONSE',
    upstream,
    `${LABEL[upstream]} ${operation} returned an unexpected body${where}: ${issue?.message ?? 'invalid shape'}`,
    { operation },
  );
}

/** An upstream timestamp as ISO 8601 UTC, or null when absent or unparseable (never a thrown serializer error). */
export function isoDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
