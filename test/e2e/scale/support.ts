import { Redis } from 'ioredis';
import type { Subscription } from '../../../sdk/index.js';

/** Polls `probe` until it returns a value other than undefined (or fails after `timeoutMs`). */
export async function until<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Waits until `count` Redis connections listen on a pub/sub channel: proof that subscriptions
 * opened through the gateways have reached their subgraph replicas (each replica subscribes
 * once per channel), so nothing published from now on can be missed.
 */
export async function waitForChannelListeners(
  redisUrl: string,
  channel: string,
  count: number,
): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await until(async () => {
      const reply = (await redis.call('PUBSUB', 'NUMSUB', channel)) as [string, number | string];
      return Number(reply[1]) >= count ? true : undefined;
    }, `${count} listener(s) on ${channel}`);
  } finally {
    redis.disconnect();
  }
}

/** Reads a subscription in the background into `events`; `stop()` unsubscribes. */
export function record<T>(subscription: Subscription<T>) {
  const events: T[] = [];
  let failure: unknown;
  const done = (async () => {
    try {
      for await (const event of subscription) events.push(event);
    } catch (error) {
      failure = error;
    }
  })();
  return {
    events,
    failure: () => failure,
    async stop() {
      await subscription.return();
      await done;
    },
  };
}

/** Reads one Prometheus sample (name and exact labels) from a /metrics endpoint; 0 when absent. */
export async function metric(url: string, name: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(url)).text();
  const wanted = Object.entries(labels);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const labelText = line.slice(name.length + 1, line.indexOf('}'));
    const found = Object.fromEntries([...labelText.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (wanted.every(([k, v]) => found[k] === v)) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}
