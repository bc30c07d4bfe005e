/**
 * One specification of the stores' pub/sub, run against every backend: in-process on the embedded
 * store, PUBLISH/SUBSCRIBE on one Redis node, sharded SPUBLISH/SSUBSCRIBE on a Redis Cluster.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createStores, type StoreLogger, type Stores } from '../../src/store/index.js';
import { REDIS_CLUSTER_NODES, REDIS_URL, connectCluster, tempDir, uniquePrefix } from './helpers.js';

const budget = { limit: 2, windowMs: 60_000 };

interface PubSubWorld {
  /**
   * Another replica on the same shared store. The embedded store serves one process (a SQLite
   * file cannot notify the others), so there every "replica" is the same stores.
   */
  replica(logger?: StoreLogger): Promise<Stores>;
  close(): Promise<void>;
}

function world(options: (namespace: string) => { redisUrl?: string; redisClusterNodes?: string[] }, shared: boolean) {
  return (): PubSubWorld => {
    const namespace = uniquePrefix();
    const dir = tempDir();
    const created: Stores[] = [];
    return {
      async replica(logger = { warn: jest.fn(), error: jest.fn() }) {
        if (!shared && created[0]) return created[0];
        const stores = await createStores({ ...options(namespace), dataDir: dir.path, namespace, budget, logger });
        created.push(stores);
        return stores;
      },
      async close() {
        for (const stores of created) await stores.close();
        dir.remove();
      },
    };
  };
}

/** Collects a subscription's messages; `next(n)` resolves once `n` have arrived. */
function recorder() {
  const messages: string[] = [];
  const waiting: Array<{ count: number; resolve: () => void }> = [];
  return {
    messages,
    handler: (message: string) => {
      messages.push(message);
      for (const wait of waiting.filter((entry) => messages.length >= entry.count)) wait.resolve();
    },
    next(count: number): Promise<void> {
      if (messages.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiting.push({ count, resolve }));
    },
  };
}

describe.each([
  { name: 'the embedded store (in process)', makeWorld: world(() => ({}), false) },
  { name: 'one Redis node (PUBLISH/SUBSCRIBE)', makeWorld: world(() => ({ redisUrl: REDIS_URL }), true) },
  { name: 'a Redis Cluster (SPUBLISH/SSUBSCRIBE)', makeWorld: world(() => ({ redisClusterNodes: REDIS_CLUSTER_NODES }), true) },
])('publish / subscribe on $name', ({ makeWorld }) => {
  let pubsub: PubSubWorld;

  beforeEach(() => {
    pubsub = makeWorld();
  });

  afterEach(async () => {
    await pubsub.close();
  });

  it("delivers each message, in order, to every subscriber of its channel on every replica, the publisher's own included", async () => {
    const [a, b] = [await pubsub.replica(), await pubsub.replica()];
    const onA = recorder();
    const onB = recorder();
    await a.subscribe('device-changed', onA.handler);
    await b.subscribe('device-changed', onB.handler);
    await a.publish('device-changed', 'ws-1');
    await a.publish('device-changed', 'ws-2');
    await Promise.all([onA.next(2), onB.next(2)]);
    expect(onA.messages).toEqual(['ws-1', 'ws-2']);
    expect(onB.messages).toEqual(['ws-1', 'ws-2']);
  });

  it('never delivers inside publish, and never a message of another channel', async () => {
    const stores = await pubsub.replica();
    const other = recorder();
    const mine = recorder();
    await stores.subscribe('fleet-summary', other.handler);
    await stores.subscribe('device-changed', mine.handler);
    const published = stores.publish('device-changed', 'ws-1');
    expect(mine.messages).toEqual([]);
    await published;
    // One message after the other on the same connection: once the second arrives, the first would have.
    await stores.publish('fleet-summary', 'marker');
    await Promise.all([mine.next(1), other.next(1)]);
    expect(other.messages).toEqual(['marker']);
    expect(mine.messages).toEqual(['ws-1']);
  });

  it('stops delivering to a handler once it unsubscribes, and only to that handler', async () => {
    const stores = await pubsub.replica();
    const stays = recorder();
    const leaves = recorder();
    await stores.subscribe('device-changed', stays.handler);
    const unsubscribe = await stores.subscribe('device-changed', leaves.handler);
    await stores.publish('device-changed', 'first');
    await Promise.all([stays.next(1), leaves.next(1)]);
    await unsubscribe();
    await unsubscribe();
    await stores.publish('device-changed', 'second');
    await stays.next(2);
    expect(stays.messages).toEqual(['first', 'second']);
    expect(leaves.messages).toEqual(['first']);
  });

  it("logs a handler that throws and still delivers to the channel's other handlers", async () => {
    const logger = { warn: jest.fn<StoreLogger['warn']>(), error: jest.fn<StoreLogger['error']>() };
    const stores = await pubsub.replica(logger);
    const healthy = recorder();
    await stores.subscribe('device-changed', () => {
      throw new Error('handler bug');
    });
    await stores.subscribe('device-changed', healthy.handler);
    await stores.publish('device-changed', 'ws-1');
    await healthy.next(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.objectContaining({ channel: 'device-changed', err: expect.objectContaining({ message: 'handler bug' }) }),
      'a message handler failed',
    );
  });
});

describe('publish / subscribe on a Redis Cluster', () => {
  it("subscribes with sharded pub/sub on the primary owning the channel's slot, under the namespace", async () => {
    const namespace = uniquePrefix();
    const dir = tempDir();
    const stores = await createStores({ redisClusterNodes: REDIS_CLUSTER_NODES, dataDir: dir.path, namespace, budget });
    const admin = await connectCluster();
    try {
      await stores.subscribe('device-changed', () => {});
      const channel = `${namespace}:events:device-changed`;
      const [, subscribers] = await admin.sendCommand<[string, number]>(channel, true, ['PUBSUB', 'SHARDNUMSUB', channel]);
      expect(subscribers).toBe(1);
    } finally {
      await stores.close();
      await admin.close();
      dir.remove();
    }
  });
});
