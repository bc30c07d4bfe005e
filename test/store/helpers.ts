/** Shared set-up for the store tests: Redis connections that fail loudly, temp dirs, timing. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';

/** Where the Redis-backed tests connect. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const REDIS_MISSING =
  `These tests need Redis at $REDIS_URL (default redis://127.0.0.1:6379); .ci/run starts it, ` +
  `or run: redis-server --daemonize yes --port 6379 --save '' --appendonly no`;

/** A connected node-redis client. */
export type TestRedisClient = ReturnType<typeof createClient>;

/** Connects to REDIS_URL, or fails (never skips) with a message saying how to start Redis. */
export async function connectRedis(): Promise<TestRedisClient> {
  const client = createClient({ url: REDIS_URL, socket: { reconnectStrategy: false, connectTimeout: 2_000 } });
  client.on('error', () => {}); // connect() rejects with the same error; don't crash on the event
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`${REDIS_MISSING} (tried ${REDIS_URL}: ${(error as Error).message})`, { cause: error });
  }
  return client;
}

/** A key prefix no other test (or run) uses. */
export function uniquePrefix(): string {
  return `test:${randomUUID()}`;
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(client: TestRedisClient, prefix: string): Promise<void> {
  const keys = await client.keys(`${prefix}*`);
  if (keys.length > 0) await client.del(keys);
}

/** Closes a client whether or not it is still connected. */
export async function closeRedis(client: TestRedisClient | undefined): Promise<void> {
  if (client?.isOpen) await client.close();
}

/** A fresh directory under the OS temp dir, and a function that removes it. */
export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'posture-store-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The largest number of grants found in any half-open span [t, t + spanMs): the budget's
 * promise is that this never exceeds its limit.
 */
export function maxInAnySpan(grants: number[], spanMs: number): number {
  const sorted = [...grants].sort((a, b) => a - b);
  let max = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while ((sorted[end] as number) - (sorted[start] as number) >= spanMs) start += 1;
    max = Math.max(max, end - start + 1);
  }
  return max;
}
