import { ConfigError, KNOWN_ENV_VARS, configFrom, withOverrides } from '../../../core/config/index.js';
import { DEVELOPMENT_JWT_SECRET } from '../../../core/config/sections/auth.js';

describe('config', () => {
  it('serves the whole stack on defaults with no environment', () => {
    const config = configFrom({});
    expect(config.gateway.port).toBe(4000);
    expect(config.subgraphs.tws.url).toBe('http://127.0.0.1:4001/graphql');
    expect(config.tws.simulated).toBe(true);
    expect(config.redis.target).toBeUndefined();
    expect(config.auth.usingDevelopmentSecret).toBe(true);
    expect(config.auth.secret).toBe(DEVELOPMENT_JWT_SECRET);
    expect(config.llm.providers).toEqual([]);
  });

  it('reports every problem at once', () => {
    let caught: unknown;
    try {
      configFrom({
        GATEWAY_PORT: 'abc',
        TWS_INSECURE_SKIP_TLS_VERIFY: 'maybe',
        NODE_ENV: 'staging',
        JWT_SECRET: 'short',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    expect(problems).toContain('GATEWAY_PORT');
    expect(problems).toContain('TWS_INSECURE_SKIP_TLS_VERIFY');
    expect(problems).toContain('NODE_ENV');
  });

  it('refuses production without a real secret, and short secrets', () => {
    expect(() => configFrom({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET or JWKS_URL/);
    expect(() => configFrom({ JWT_SECRET: 'too-short' })).toThrow(/at least 32 characters/);
    // Production also needs a real audit key ring (the development key is public).
    const config = configFrom({
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      AUDIT_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
    });
    expect(config.production).toBe(true);
    expect(config.auth.usingDevelopmentSecret).toBe(false);
  });

  it('gives the JWKS fetch a deadline (3 s unless JWT_JWKS_TIMEOUT_MS says otherwise)', () => {
    expect(configFrom({}).auth.jwksTimeoutMs).toBe(3000);
    expect(configFrom({ JWT_JWKS_TIMEOUT_MS: '1500' }).auth.jwksTimeoutMs).toBe(1500);
    expect(() => configFrom({ JWT_JWKS_TIMEOUT_MS: '0' })).toThrow(/JWT_JWKS_TIMEOUT_MS/);
  });

  it('parses standalone and cluster Redis URLs and rejects others', () => {
    expect(configFrom({ REDIS_URL: 'redis://127.0.0.1:6380' }).redis.target).toEqual({
      kind: 'standalone',
      url: 'redis://127.0.0.1:6380',
    });
    expect(configFrom({ REDIS_URL: 'redis+cluster://10.0.0.1:7000,10.0.0.2:7001' }).redis.target).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
      ],
      tls: false,
    });
    expect(() => configFrom({ REDIS_URL: 'http://nope' })).toThrow(/REDIS_URL/);
  });

  it('requires credentials with a real HWA master', () => {
    expect(() => configFrom({ TWS_URL: 'https://hwa.example.com:31116/twsd' })).toThrow(
      /credentials are required/,
    );
    const config = configFrom({ TWS_URL: 'https://hwa.example.com:31116/twsd/', TWS_TOKEN: 'api-key' });
    expect(config.tws.url).toBe('https://hwa.example.com:31116/twsd');
    expect(config.tws.credentials).toEqual({ kind: 'bearer', token: 'api-key' });
  });

  it('orders the LLM providers NVIDIA first, OpenAI second', () => {
    const config = configFrom({ OPENAI_API_KEY: 'o', NVIDIA_API_KEY: 'n' });
    expect(config.llm.providers.map((p) => p.name)).toEqual(['nvidia', 'openai']);
  });

  it('is frozen, and overrides produce a new frozen object', () => {
    const config = configFrom({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.subgraphs.tws)).toBe(true);
    const next = withOverrides(config, { neo4j: { uri: 'bolt://127.0.0.1:7999' } });
    expect(next.neo4j.uri).toBe('bolt://127.0.0.1:7999');
    expect(config.neo4j.uri).toBeUndefined();
    expect(Object.isFrozen(next.neo4j)).toBe(true);
  });

  it('lists every variable it reads', () => {
    expect(KNOWN_ENV_VARS).toEqual(
      expect.arrayContaining(['REDIS_URL', 'NEO4J_URI', 'TWS_URL', 'JWT_SECRET', 'QDRANT_URL']),
    );
  });
});
