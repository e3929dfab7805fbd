import type { Config } from './config/index.js';
import type { Logger } from './logger.js';

/** Requests that would only add noise to traces: probes and Prometheus scrapes. */
const UNTRACED_PATHS = /^\/(healthz|readyz|metrics)(\?|$)/;

export interface Tracing {
  /** Flushes buffered spans and stops exporting (call last at shutdown). */
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry traces, exported over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set; nothing
 * at all (not even the SDK's modules) otherwise.
 *
 * Call it before the service's own modules are imported (the main files import them afterwards):
 * the HTTP instrumentation patches `http.Server` as Express loads it. What a trace then holds:
 *
 * - a server span per incoming HTTP request, continuing the caller's W3C `traceparent`;
 * - a client span per outgoing `fetch` (undici) made while serving a traced request, which sends
 *   `traceparent` on: gateway → subgraphs, tws → HWA, agents → gateway (tool calls) and → LLMs;
 * - `@apollo/gateway`'s own spans (request, plan, execute, fetch per subgraph), which it records
 *   through `@opentelemetry/api` as soon as a tracer provider is registered.
 *
 * Sampling is parent-based: a sampled caller is always continued; new traces are sampled at
 * OTEL_TRACES_SAMPLER_ARG.
 *
 * The SDK is the 1.30 / 0.57 line that `@apollo/gateway` already depends on, so one copy of
 * each OpenTelemetry package serves both (the 2.x line would nest a second copy under every
 * gateway dependency: about 100 MB more in the image). Move to 2.x together with the gateway.
 */
export async function startTracing(
  observability: Config['observability'],
  /** A service (traced as resync-<service>), or `resync` for the whole stack in one process. */
  service: string,
  logger: Logger,
): Promise<Tracing | undefined> {
  const settings = observability.tracing;
  if (!settings) return undefined;
  const [
    api,
    sdk,
    { OTLPTraceExporter },
    { Resource },
    semconv,
    { registerInstrumentations },
    { HttpInstrumentation },
    { UndiciInstrumentation },
  ] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/semantic-conventions'),
    import('@opentelemetry/instrumentation'),
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-undici'),
  ]);

  // The SDK reports export failures (collector down, 4xx) through its diag logger: into our logs.
  const diagLogger = logger.child({ library: 'opentelemetry' });
  api.diag.setLogger(
    {
      error: (message, ...args) => diagLogger.warn({ detail: args.map(String).join(' ') }, message),
      warn: (message, ...args) => diagLogger.warn({ detail: args.map(String).join(' ') }, message),
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    },
    api.DiagLogLevel.WARN,
  );

  const provider = new sdk.NodeTracerProvider({
    resource: new Resource({
      [semconv.ATTR_SERVICE_NAME]:
        settings.serviceName ?? (service === 'resync' ? service : `resync-${service}`),
      'service.namespace': 'resync',
    }),
    sampler: new sdk.ParentBasedSampler({ root: new sdk.TraceIdRatioBasedSampler(settings.sampleRatio) }),
    spanProcessors: [
      new sdk.BatchSpanProcessor(
        new OTLPTraceExporter({
          url: `${settings.endpoint}/v1/traces`,
          headers: { ...settings.headers },
          timeoutMillis: 10_000,
        }),
      ),
    ],
  });
  // Global tracer provider, W3C trace-context + baggage propagation, AsyncLocalStorage context.
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.test(request.url ?? ''),
      }),
      // Only calls made while handling something traced: background loops (health checks, the
      // plan poller) would otherwise start a new trace every few seconds.
      new UndiciInstrumentation({ requireParentforSpans: true }),
    ],
  });
  logger.info(
    { endpoint: settings.endpoint, sampleRatio: settings.sampleRatio },
    'exporting traces over OTLP/HTTP',
  );
  return {
    async shutdown() {
      unregister();
      await provider
        .shutdown()
        .catch((error: unknown) =>
          logger.warn({ err: (error as Error).message }, 'trace export at shutdown failed'),
        );
    },
  };
}
