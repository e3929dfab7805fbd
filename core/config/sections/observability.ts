import { z } from 'zod';
import { bool, optionalString, optionalUrl, type EnvOf } from './helpers.js';

/**
 * Traces. Metrics (/metrics on every service) and JSON logs need no configuration; traces are
 * exported over OTLP/HTTP only when a collector endpoint is set. The names are the standard
 * OpenTelemetry ones, so a collector's usual environment works unchanged.
 */
export const observabilityEnv = {
  /** OTLP/HTTP base URL of a collector, e.g. http://otel-collector:4318 (traces go to /v1/traces). */
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl(),
  /** Extra export headers, `key=value,key=value` (e.g. a hosted collector's API key). */
  OTEL_EXPORTER_OTLP_HEADERS: optionalString(),
  /** Service name on every span. @default resync-<service>, or resync when one process runs all */
  OTEL_SERVICE_NAME: optionalString(),
  /** Fraction of new traces sampled (parent-based: a sampled caller's trace is always continued). */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
  /**
   * `@apollo/gateway` otherwise probes cloud metadata endpoints at start and sends anonymous usage
   * metrics to Apollo every hour. Resync turns that off unless this is set to `false` (the
   * library reads the variable itself; core/config sets it before the gateway is built).
   */
  APOLLO_TELEMETRY_DISABLED: bool(true),
};

type ObservabilityEnv = EnvOf<typeof observabilityEnv>;

export function buildObservabilityConfig(env: ObservabilityEnv, problems: string[]) {
  const headers: Record<string, string> = {};
  for (const pair of (env.OTEL_EXPORTER_OTLP_HEADERS ?? '').split(',')) {
    if (pair.trim() === '') continue;
    const at = pair.indexOf('=');
    if (at <= 0) {
      // The value may be a secret: name only the position, never echo it.
      problems.push('OTEL_EXPORTER_OTLP_HEADERS: expected key=value pairs separated by commas');
      break;
    }
    const raw = pair.slice(at + 1).trim();
    let value = raw;
    try {
      value = decodeURIComponent(raw); // the OTel spec allows percent-encoded values
    } catch {
      // not percent-encoded after all: keep it as written
    }
    headers[pair.slice(0, at).trim()] = value;
  }
  return {
    apolloTelemetryDisabled: env.APOLLO_TELEMETRY_DISABLED,
    tracing: env.OTEL_EXPORTER_OTLP_ENDPOINT
      ? {
          endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, ''),
          headers,
          serviceName: env.OTEL_SERVICE_NAME,
          sampleRatio: env.OTEL_TRACES_SAMPLER_ARG,
        }
      : undefined,
  };
}
