import { StoreUnavailableError } from '../common/index.js';
import { sendTo, type RedisCommander } from './redis-script.js';

/**
 * Replicas of the primary that holds `key`, as that primary sees the cluster (`CLUSTER NODES`):
 * every replica not flagged `fail`, connected or not. Not its connected replicas (`ROLE`): a
 * primary that stalled while its replica was promoted wakes with that replica gone from its
 * links, and would then count a write only it holds as safe.
 */
async function replicasOf(client: RedisCommander, key: string): Promise<number> {
  const nodes = await sendTo<string>(client, key, ['CLUSTER', 'NODES']);
  const lines = nodes.split('\n').map((line) => line.split(' '));
  const myself = lines.find((fields) => fields[2]?.split(',').includes('myself'))?.[0];
  return lines.filter((fields) => fields[3] === myself && !fields[2]?.split(',').includes('fail')).length;
}

/**
 * Waits until the writes made so far to `key`'s primary (on this connection) have reached one
 * of its replicas, so a failover cannot lose them: Redis replicates asynchronously, and a
 * replica promoted without the last budget grants would grant those slots a second time.
 * A primary without replicas has nothing to wait for (it cannot fail over; if it restarts empty,
 * the budget's genesis key covers the lost window). Throws a {@link StoreUnavailableError} when
 * no replica acknowledges within `timeoutMs`: the caller must then not use what it wrote.
 */
export async function confirmOnReplica(client: RedisCommander, key: string, timeoutMs: number): Promise<void> {
  if ((await replicasOf(client, key)) === 0) return;
  // WAIT is answered by the same primary (routed by the same key) after every earlier write of
  // this connection, so it covers the grant just made.
  const acknowledged = await sendTo<number>(client, key, ['WAIT', '1', String(timeoutMs)]);
  if (acknowledged < 1) {
    throw new StoreUnavailableError(
      `no Redis replica acknowledged the write to ${key} within ${timeoutMs} ms; a failover could lose it, so it is not used`,
    );
  }
}
