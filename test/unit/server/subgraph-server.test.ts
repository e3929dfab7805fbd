import type { AuditLog } from '../../../core/audit/index.js';
import { Lifecycle } from '../../../core/lifecycle.js';
import { silentLogger } from '../../../core/logger.js';
import { createMetricsRegistry } from '../../../core/metrics.js';
import {
  startSubgraphServer,
  type BaseContext,
  type ContextInput,
  type RunningServer,
  type SubgraphServerOptions,
} from '../../../core/server/index.js';
import { freePort } from '../../../devservices/ports.js';
import { collect, postGraphQL, wsClient } from '../../harness/client.js';
import { permissions, schema, verifier, viewerToken } from './support.js';

function options(
  lifecycle: Lifecycle,
  extra: Partial<SubgraphServerOptions<BaseContext>> = {},
): SubgraphServerOptions<BaseContext> {
  return {
    name: 'probe',
    schema,
    permissions,
    host: '127.0.0.1',
    port: 0,
    verifier,
    logger: silentLogger(),
    registry: createMetricsRegistry('probe', { defaults: false }),
    lifecycle,
    production: true,
    audit: false,
    ...extra,
  };
}

describe('a subgraph server', () => {
  let lifecycle: Lifecycle;
  let server: RunningServer;
  const contexts: Array<{ base: BaseContext; input: ContextInput }> = [];
  const appended = jest.fn(async () => undefined);

  beforeAll(async () => {
    lifecycle = new Lifecycle(silentLogger());
    server = await startSubgraphServer(
      options(lifecycle, {
        audit: { append: appended } as unknown as AuditLog,
        extendContext: (base, input) => {
          contexts.push({ base, input });
          return base;
        },
      }),
    );
  });
  afterAll(() => lifecycle.stop());
  beforeEach(() => {
    contexts.length = 0;
  });

  it('builds a fresh context for every subscription of a connection, marked as a subscription', async () => {
    const client = wsClient(server.wsUrl, await viewerToken());
    try {
      for (let i = 0; i < 2; i++) {
        const events = await collect(client, 'subscription { ticks(count: 2) }');
        expect(events.map((e) => e.data)).toEqual([{ ticks: 1 }, { ticks: 2 }]);
      }
      expect(contexts).toHaveLength(2);
      expect(contexts.map((c) => c.input.kind)).toEqual(['subscription', 'subscription']);
      expect(contexts[0]!.base).not.toBe(contexts[1]!.base);
      expect(contexts[0]!.base.identity?.sub).toBe('vera');
    } finally {
      await client.dispose();
    }
  });

  it('refuses queries and mutations over WebSocket: they belong to HTTP, where they are audited', async () => {
    const client = wsClient(server.wsUrl, await viewerToken());
    try {
      for (const query of ['{ hello }', 'mutation { touch(note: "x") }']) {
        await expect(collect(client, query)).rejects.toEqual([
          expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } }),
        ]);
      }
      expect(appended).not.toHaveBeenCalled();
    } finally {
      await client.dispose();
    }
  });

  it('masks an uncoded subscription failure as it does on HTTP', async () => {
    const client = wsClient(server.wsUrl, await viewerToken());
    try {
      await expect(collect(client, 'subscription { broken }')).rejects.toEqual([
        { message: 'Internal server error', extensions: { code: 'INTERNAL' } },
      ]);
    } finally {
      await client.dispose();
    }
  });

  it('serves HTTP with a request context and audits mutations in the log it was given', async () => {
    const res = await postGraphQL(server.url, 'mutation { touch(note: "x") }', {
      token: await viewerToken(),
    });
    expect(res.data).toEqual({ touch: true });
    expect(contexts.map((c) => c.input.kind)).toEqual(['request']);
    expect(appended).toHaveBeenCalledWith(expect.objectContaining({ field: 'touch', outcome: 'OK' }));
  });
});

describe('a subgraph server whose lifecycle stops while it starts', () => {
  it('does not listen: nothing would ever close it', async () => {
    const lifecycle = new Lifecycle(silentLogger());
    const port = await freePort();
    const starting = startSubgraphServer(options(lifecycle, { port }));
    await lifecycle.stop();
    await expect(starting).rejects.toThrow('stopped while starting');
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});

// The audit log is a required option: a server cannot be started without deciding on it.
export function auditIsRequired(lifecycle: Lifecycle) {
  const { audit: _audit, ...withoutAudit } = options(lifecycle);
  // @ts-expect-error audit is required
  return startSubgraphServer(withoutAudit);
}
