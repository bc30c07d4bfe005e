import { createHash } from 'node:crypto';

/**
 * The one command the Redis-backed stores need from a one-node client. A structural type, so any
 * node-redis client (with or without modules) fits without fighting its generics.
 */
export interface RedisCommandClient {
  /** Sends a raw command, as node-redis' `client.sendCommand`. */
  sendCommand<T = unknown>(args: ReadonlyArray<string>): Promise<T>;
}

/** The same for a node-redis cluster (`createCluster`), whose commands are routed by their first key. */
export interface RedisClusterCommandClient {
  /** Sends a raw command to the primary of `firstKey`'s slot, as node-redis' `cluster.sendCommand`. */
  sendCommand<T = unknown>(firstKey: string | undefined, isReadonly: boolean | undefined, args: string[]): Promise<T>;
  /** Present on a cluster only; tells the two kinds apart. */
  getSlotMaster(slot: number): unknown;
}

/** What the Redis-backed stores are built on: one node's client or a cluster's. */
export type RedisCommander = RedisCommandClient | RedisClusterCommandClient;

/** True for a cluster client. */
export function isCluster(client: RedisCommander): client is RedisClusterCommandClient {
  return typeof (client as Partial<RedisClusterCommandClient>).getSlotMaster === 'function';
}

/**
 * Sends `args` to the node that holds `key`: on a cluster the primary of its slot (also for a
 * command that names no key, like WAIT, which must reach the node the writes went to); on one
 * node, that node.
 */
export function sendTo<T>(client: RedisCommander, key: string, args: ReadonlyArray<string>): Promise<T> {
  return isCluster(client) ? client.sendCommand<T>(key, false, [...args]) : client.sendCommand<T>(args);
}

/**
 * Lua that computes "now" in milliseconds from the Redis server's clock, so every replica,
 * whatever its host clock says, judges the window by the same time.
 */
export const LUA_NOW_MS = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * A Lua script run by SHA (EVALSHA), loaded on first use or after a server restart. On a cluster
 * every key one script touches must hash to one slot (share a `{hash tag}`); Redis refuses it
 * with CROSSSLOT otherwise.
 */
export class RedisScript {
  readonly #source: string;
  readonly #sha: string;

  constructor(source: string) {
    this.#source = source;
    this.#sha = createHash('sha1').update(source).digest('hex');
  }

  /** Runs the script atomically on the node holding `keys`; falls back to EVAL when that node's script cache lacks it. */
  async run<T>(client: RedisCommander, keys: readonly [string, ...string[]], args: readonly string[]): Promise<T> {
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await sendTo<T>(client, keys[0], ['EVALSHA', this.#sha, ...tail]);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      // EVAL also caches the script, so the next call finds it by SHA again. Each node of a
      // cluster has its own cache, and a promoted replica starts with an empty one.
      return sendTo<T>(client, keys[0], ['EVAL', this.#source, ...tail]);
    }
  }
}
