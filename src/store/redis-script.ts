import { createHash } from 'node:crypto';

/**
 * The one command the Redis-backed stores need from a client. A structural type, so any
 * node-redis client (with or without modules) fits without fighting its generics.
 */
export interface RedisCommandClient {
  /** Sends a raw command, as node-redis' `client.sendCommand`. */
  sendCommand<T = unknown>(args: ReadonlyArray<string>): Promise<T>;
}

/**
 * Lua that computes "now" in milliseconds from the Redis server's clock, so every replica,
 * whatever its host clock says, judges the window by the same time.
 */
export const LUA_NOW_MS = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** A Lua script run by SHA (EVALSHA), loaded on first use or after a server restart. */
export class RedisScript {
  readonly #source: string;
  readonly #sha: string;

  constructor(source: string) {
    this.#source = source;
    this.#sha = createHash('sha1').update(source).digest('hex');
  }

  /** Runs the script atomically; falls back to EVAL when the server's script cache lacks it. */
  async run<T>(client: RedisCommandClient, keys: readonly string[], args: readonly string[]): Promise<T> {
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await client.sendCommand<T>(['EVALSHA', this.#sha, ...tail]);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      // EVAL also caches the script, so the next call finds it by SHA again.
      return client.sendCommand<T>(['EVAL', this.#source, ...tail]);
    }
  }
}
