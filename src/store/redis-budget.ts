import { SlidingLogBudget, type BudgetDecision, type BudgetOptions, type BudgetState } from './budget.js';
import { LUA_NOW_MS, RedisScript, sendTo, type RedisCommander } from './redis-script.js';
import { confirmOnReplica } from './replica-ack.js';

/** {@link BudgetOptions} plus where the budget lives in Redis. */
export interface RedisBudgetOptions extends BudgetOptions {
  /**
   * Key prefix (default `posture:budget:${key}`): the slots are `${prefix}:log`, the pause
   * `${prefix}:pause`, and `${prefix}:genesis` the time this Redis first held the budget. On a
   * cluster the prefix must be a hash tag (`{posture:budget:opswat}`): one script touches all three.
   */
  prefix?: string;
  /**
   * Cluster only: after each grant, wait up to this many ms for a replica of the budget's primary
   * to acknowledge it, and refuse the grant (StoreUnavailableError) if none does, so a failover
   * never forgets a slot that was used. Unset: a grant is used as soon as the primary made it.
   */
  replicaAckTimeoutMs?: number;
}

// A Redis without persistence comes back from a restart empty: it no longer knows the calls of
// the last window. The genesis key (no expiry) is written the first time a budget finds none,
// and until one span after it the window counts as full, so an empty Redis never lets a burst
// through on top of calls OPSWAT still counts.
const GENESIS = `local genesis = tonumber(redis.call('GET', KEYS[3]) or '-1')
if genesis < 0 then
  genesis = now
  if ARGV[4] == 'write' then redis.call('SET', KEYS[3], now) end
end
local trusted_from = genesis + span`;

// KEYS: log, pause, genesis. ARGV: limit, span (window + margin), id, 'write', hold (call timeout).
// A slot's score is the time its window starts counting: grant + hold until the response arrives.
const TRY_ACQUIRE = new RedisScript(`${LUA_NOW_MS}
local limit = tonumber(ARGV[1])
local span = tonumber(ARGV[2])
local hold = tonumber(ARGV[5])
${GENESIS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - span)
if trusted_from > now then return {'exhausted', trusted_from - now} end
local paused_until = tonumber(redis.call('GET', KEYS[2]) or '0')
if paused_until > now then return {'paused', paused_until - now} end
if redis.call('ZCARD', KEYS[1]) >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {'exhausted', tonumber(oldest[2]) + span - now}
end
redis.call('ZADD', KEYS[1], now + hold, ARGV[3])
redis.call('PEXPIRE', KEYS[1], span + hold)
return {'granted', now}`);

// KEYS: log. ARGV: id, span + hold. The response arrived: the slot's window starts now.
const COMPLETE = new RedisScript(`${LUA_NOW_MS}
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
return 0`);

// KEYS: pause. ARGV: pause-until epoch ms. Only ever lengthens; the key expires with the pause.
const PAUSE_UNTIL = new RedisScript(`${LUA_NOW_MS}
local target = tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if target > now and target > current then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', target - now)
end
return 0`);

// KEYS: log, pause, genesis. ARGV: span. Returns {now, paused_until or 0, slot times ascending...};
// a window the store cannot vouch for (no genesis yet, or too recent) reads as a pause.
const SNAPSHOT = new RedisScript(`${LUA_NOW_MS}
local span = tonumber(ARGV[1])
ARGV[4] = 'read'
${GENESIS}
local scores = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. (now - span), '+inf', 'WITHSCORES')
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if trusted_from > paused then paused = trusted_from end
local out = {now, paused}
for i = 2, #scores, 2 do out[#out + 1] = tonumber(scores[i]) end
return out`);

/**
 * The call budget in Redis (one node or a cluster), shared by every replica: each step is one Lua
 * script, which Redis runs atomically, and the clock is Redis `TIME`, so hosts with skewed clocks
 * agree.
 */
export class RedisCallBudget extends SlidingLogBudget {
  readonly #client: RedisCommander;
  readonly #keys: [log: string, pause: string, genesis: string];
  readonly #replicaAckTimeoutMs: number | undefined;

  constructor(client: RedisCommander, options: RedisBudgetOptions) {
    super(options);
    const { replicaAckTimeoutMs } = options;
    if (replicaAckTimeoutMs !== undefined && (!Number.isInteger(replicaAckTimeoutMs) || replicaAckTimeoutMs < 1)) {
      throw new TypeError(
        `Call budget: replicaAckTimeoutMs must be a positive integer of ms (e.g. 500), received ${String(replicaAckTimeoutMs)}`,
      );
    }
    this.#client = client;
    this.#replicaAckTimeoutMs = replicaAckTimeoutMs;
    const prefix = options.prefix ?? `posture:budget:${this.options.key}`;
    this.#keys = [`${prefix}:log`, `${prefix}:pause`, `${prefix}:genesis`];
  }

  protected async acquire(id: string): Promise<BudgetDecision> {
    const { limit, spanMs, callTimeoutMs } = this.options;
    const [kind, value] = await TRY_ACQUIRE.run<[string, number]>(this.#client, this.#keys, [
      String(limit),
      String(spanMs),
      id,
      'write',
      String(callTimeoutMs),
    ]);
    switch (kind) {
      case 'granted':
        await this.#confirm(id);
        return { kind, at: value, id };
      case 'exhausted':
      case 'paused':
        return { kind, retryInMs: value };
      default:
        throw new Error(`RedisCallBudget: unexpected reply from the acquire script: ${String(kind)}`);
    }
  }

  /** Makes the grant survive a failover, or withdraws it: a lost grant would be granted twice. */
  async #confirm(id: string): Promise<void> {
    if (this.#replicaAckTimeoutMs === undefined) return;
    try {
      await confirmOnReplica(this.#client, this.#keys[0], this.#replicaAckTimeoutMs);
    } catch (error) {
      // Best effort: a removal that fails (or is itself lost) leaves the slot held, which only
      // ever errs on the side of fewer calls.
      await this.remove(id).catch(() => undefined);
      throw error;
    }
  }

  protected async markCompleted(id: string): Promise<void> {
    await COMPLETE.run(this.#client, [this.#keys[0]], [id, String(this.options.spanMs + this.options.callTimeoutMs)]);
  }

  protected async remove(id: string): Promise<void> {
    await sendTo(this.#client, this.#keys[0], ['ZREM', this.#keys[0], id]);
  }

  protected async extendPause(epochMs: number): Promise<void> {
    await PAUSE_UNTIL.run(this.#client, [this.#keys[1]], [String(epochMs)]);
  }

  protected async read(): Promise<BudgetState> {
    const [now = 0, paused = 0, ...grants] = await SNAPSHOT.run<number[]>(this.#client, this.#keys, [String(this.options.spanMs)]);
    return { now, grants, pausedUntil: paused > now ? paused : null };
  }
}
