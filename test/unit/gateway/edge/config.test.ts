import { ConfigError, configFrom } from '../../../../core/config/index.js';

describe('edge configuration (RATE_LIMIT_*, GATEWAY_TRUST_PROXY)', () => {
  it('protects by default, trusting only loopback proxies', () => {
    const { edge } = configFrom({});
    expect(edge).toMatchObject({
      enabled: true,
      windowSeconds: 60,
      userRequests: 600,
      ipRequests: 1200,
      wsMessagesPerSecond: 50,
    });
    expect(edge.trustProxy).toEqual(['loopback']);
    expect(edge.exemptIps).toEqual([]);
  });

  it('trusts exactly the proxies listed: loopback only when asked for', () => {
    expect(configFrom({ GATEWAY_TRUST_PROXY: '10.0.0.0/8, uniquelocal' }).edge.trustProxy).toEqual([
      '10.0.0.0/8',
      'uniquelocal',
    ]);
  });

  it('reports every bad address at once', () => {
    let caught: unknown;
    try {
      configFrom({
        RATE_LIMIT_EXEMPT_IPS: '10.0.0.1,10.0.0.0/33,agents',
        GATEWAY_TRUST_PROXY: 'everyone',
        RATE_LIMIT_USER_REQUESTS: '0',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    expect(problems).toContain('RATE_LIMIT_USER_REQUESTS');
    // zod problems are reported first; with valid numbers the address problems come out together.
    expect(() =>
      configFrom({ RATE_LIMIT_EXEMPT_IPS: '10.0.0.0/33,agents', GATEWAY_TRUST_PROXY: 'everyone' }),
    ).toThrow(
      /RATE_LIMIT_EXEMPT_IPS: "10.0.0.0\/33"[\s\S]*RATE_LIMIT_EXEMPT_IPS: "agents"[\s\S]*GATEWAY_TRUST_PROXY: "everyone"/,
    );
  });
});

describe('observability configuration (OTEL_*)', () => {
  it('exports no traces unless a collector endpoint is set', () => {
    expect(configFrom({}).observability.tracing).toBeUndefined();
  });

  it('reads the standard OpenTelemetry variables', () => {
    const { tracing } = configFrom({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=abc%3D%3D, tenant = ops',
      OTEL_SERVICE_NAME: 'resync-edge',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    }).observability;
    expect(tracing).toEqual({
      endpoint: 'http://collector:4318',
      headers: { 'x-api-key': 'abc==', tenant: 'ops' },
      serviceName: 'resync-edge',
      sampleRatio: 0.25,
    });
  });

  it('refuses malformed headers without echoing their values', () => {
    expect(() =>
      configFrom({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_HEADERS: 'secret-value',
      }),
    ).toThrow(/OTEL_EXPORTER_OTLP_HEADERS: expected key=value/);
    try {
      configFrom({ OTEL_EXPORTER_OTLP_HEADERS: 'secret-value' });
    } catch (error) {
      expect((error as Error).message).not.toContain('secret-value');
    }
    expect(() => configFrom({ OTEL_TRACES_SAMPLER_ARG: '2' })).toThrow(/OTEL_TRACES_SAMPLER_ARG/);
  });
});
