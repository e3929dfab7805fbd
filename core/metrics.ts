import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';

export { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * One registry per service (not prom-client's global one), so several services in one process
 * (`npm start`, tests) each expose only their own series on their own /metrics.
 */
export function createMetricsRegistry(
  service: string,
  { defaults = true }: { defaults?: boolean } = {},
): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (defaults) collectDefaultMetrics({ register: registry });
  return registry;
}

/** Returns the metric already registered under `name`, or registers the one `create` builds. */
export function histogram<L extends string>(
  registry: Registry,
  config: Omit<HistogramConfiguration<L>, 'registers'>,
): Histogram<L> {
  return getOrCreate(registry, config.name, () => new Histogram<L>({ ...config, registers: [registry] }));
}

/** The counter named in `config` in this registry, created on first use. */
export function counter<L extends string>(
  registry: Registry,
  config: Omit<CounterConfiguration<L>, 'registers'>,
): Counter<L> {
  return getOrCreate(registry, config.name, () => new Counter<L>({ ...config, registers: [registry] }));
}

/** The gauge named in `config` in this registry, created on first use. */
export function gauge<L extends string>(
  registry: Registry,
  config: Omit<GaugeConfiguration<L>, 'registers'>,
): Gauge<L> {
  return getOrCreate(registry, config.name, () => new Gauge<L>({ ...config, registers: [registry] }));
}

/** Returns the metric already registered under `name`, or registers the one `create` builds. */
export function getOrCreate<T extends Counter<string> | Gauge<string> | Histogram<string>>(
  registry: Registry,
  name: string,
  create: () => T,
): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** Standard GraphQL operation metrics every server records (rate and latency by operation name). */
export function operationMetrics(registry: Registry) {
  return {
    duration: histogram(registry, {
      name: 'resync_graphql_operation_duration_seconds',
      help: 'GraphQL operation latency by operation name, type and outcome',
      labelNames: ['operation', 'type', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
    errors: counter(registry, {
      name: 'resync_graphql_errors_total',
      help: 'GraphQL errors by code',
      labelNames: ['code'],
    }),
  };
}
