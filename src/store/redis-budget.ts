import { randomUUID } from 'node:crypto';
import {
  estimateWaitMs,
  resolveBudgetOptions,
  type BudgetDecision,
  type BudgetOptions,
  type BudgetSnapshot,
  type CallBudget,
  type ResolvedBudgetOptions,
} from './budget.js';
import { LUA_NOW_MS, RedisScript, type RedisCommandClient } from './redis-script.js';

/** {@link BudgetOptions} plus where the budget lives in Redis. */
export interface RedisBudgetOptions extends BudgetOptions {
  /** Key prefix (default `posture:budget:${key}`); the log is `${prefix}:log`, the pause `${prefix}:pause`. */
  prefix?: string;
}

// KEYS: log, pause. ARGV: limit, span (window + margin), a unique member for the grant.
// The log expires one span after the last grant, so an idle budget leaves nothing behind.
const TRY_ACQUIRE = new RedisScript(`${LUA_NOW_MS}
local limit = tonumber(ARGV[1])
local span = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - span)
local paused_until = tonumber(redis.call('GET', KEYS[2]) or '0')
if paused_until > now then return {'paused', paused_until - now} end
if redis.call('ZCARD', KEYS[1]) >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {'exhausted', tonumber(oldest[2]) + span - now}
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], span)
return {'granted', now}`);

// KEYS: pause. ARGV: pause-until epoch ms. Only ever lengthens; the key expires with the pause.
const PAUSE_UNTIL = new RedisScript(`${LUA_NOW_MS}
local target = tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if target > now and target > current then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', target - now)
end
return 0`);

// KEYS: log, pause. ARGV: span. Returns {now, paused_until or 0, grant times ascending...}.
const SNAPSHOT = new RedisScript(`${LUA_NOW_MS}
local span = tonumber(ARGV[1])
local scores = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. (now - span), '+inf', 'WITHSCORES')
local out = {now, tonumber(redis.call('GET', KEYS[2]) or '0')}
for i = 2, #scores, 2 do out[#out + 1] = tonumber(scores[i]) end
return out`);

/**
 * The call budget in Redis, shared by every replica: each operation is one Lua script, which
 * Redis runs atomically, and the clock is Redis `TIME`, so hosts with skewed clocks agree.
 */
export class RedisCallBudget implements CallBudget {
  readonly #client: RedisCommandClient;
  readonly #options: ResolvedBudgetOptions;
  readonly #logKey: string;
  readonly #pauseKey: string;

  constructor(client: RedisCommandClient, options: RedisBudgetOptions) {
    this.#client = client;
    this.#options = resolveBudgetOptions(options);
    const prefix = options.prefix ?? `posture:budget:${this.#options.key}`;
    this.#logKey = `${prefix}:log`;
    this.#pauseKey = `${prefix}:pause`;
  }

  /** Purges aged-out grants, then grants if no pause holds and a slot is free; one script. */
  async tryAcquire(): Promise<BudgetDecision> {
    const { limit, spanMs } = this.#options;
    const [kind, value] = await TRY_ACQUIRE.run<[string, number]>(
      this.#client,
      [this.#logKey, this.#pauseKey],
      [String(limit), String(spanMs), randomUUID()],
    );
    switch (kind) {
      case 'granted':
        return { kind, at: value };
      case 'exhausted':
      case 'paused':
        return { kind, retryInMs: value };
      default:
        throw new Error(`RedisCallBudget: unexpected reply from the acquire script: ${String(kind)}`);
    }
  }

  /** Records the pause unless a longer one is already in force. */
  async pauseUntil(epochMs: number): Promise<void> {
    if (!Number.isFinite(epochMs)) throw new TypeError(`pauseUntil: epochMs must be a finite epoch ms, received ${String(epochMs)}`);
    await PAUSE_UNTIL.run(this.#client, [this.#pauseKey], [String(Math.ceil(epochMs))]);
  }

  /** Reads grants and pause in one script, on the Redis clock. */
  async snapshot(): Promise<BudgetSnapshot> {
    const { limit, windowMs, spanMs } = this.#options;
    const [now = 0, paused = 0, ...grants] = await SNAPSHOT.run<number[]>(this.#client, [this.#logKey, this.#pauseKey], [String(spanMs)]);
    return { limit, windowMs, used: grants.length, grants, pausedUntil: paused > now ? paused : null, now };
  }

  /** See the shared {@link estimateWaitMs}; takes a snapshot when none is given. */
  async estimateWaitMs(position: number, snapshot?: BudgetSnapshot): Promise<number> {
    return estimateWaitMs(position, snapshot ?? (await this.snapshot()), this.#options.marginMs);
  }

  /** Nothing to release: the client belongs to whoever created it. */
  async close(): Promise<void> {}
}
