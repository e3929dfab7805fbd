import { existsSync, readFileSync } from 'node:fs';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { parse } from 'yaml';
import { configFrom, KNOWN_ENV_VARS, SUBGRAPH_NAMES } from '../../../core/config/index.js';

const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  profiles?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[] | string };
}
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
const services = Object.entries(compose.services);
/** Services running our image (the rest are Redis, Neo4j, Qdrant, Prometheus). */
const ours = services.filter(([, s]) => s.build !== undefined);
const defaults = configFrom({});
const defaultPort: Record<string, number> = {
  gateway: defaults.gateway.port,
  simulator: defaults.tws.simulatorPort,
  ...Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, defaults.subgraphs[n].port])),
};
const healthcheckText = (s: Service) =>
  Array.isArray(s.healthcheck?.test) ? s.healthcheck.test.join(' ') : (s.healthcheck?.test ?? '');

describe('docker-compose.yml', () => {
  it('is valid against the compose specification (vendored JSON schema of docker-compose)', () => {
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    // Formats the compose schema declares; shapes as docker-compose checks them.
    ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
    ajv.addFormat('ports', () => true);
    ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/);
    ajv.addFormat('subnet_ip_address', () => true);
    // docker-compose's copy names its meta-schema `http://.../2019-09/schema#` (Ajv2019 applies that
    // draft anyway) and carries draft-04 style `id` annotations (JSON pointers nothing refers to),
    // which Ajv refuses: drop both, keep every constraint.
    const { $schema: _metaSchema, ...schema } = JSON.parse(
      read('deploy/compose-spec.json'),
      (key, value: unknown) => (key === 'id' && typeof value === 'string' ? undefined : value),
    ) as Record<string, unknown>;
    const validate = ajv.compile(schema);
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('runs Redis, Neo4j with APOC, Qdrant, Prometheus, the simulator (demo profile), five subgraphs and the gateway', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      [
        'agents',
        'gateway',
        'health',
        'knowledge',
        'neo4j',
        'prometheus',
        'qdrant',
        'rag',
        'redis',
        'simulator',
        'tws',
      ].sort(),
    );
    expect(compose.services['neo4j']!.image).toMatch(/^neo4j:5\./);
    expect(parse(compose.services['neo4j']!.environment!['NEO4J_PLUGINS']!)).toEqual(['apoc']);
    expect(compose.services['simulator']!.profiles).toEqual(['demo']);
    for (const [, service] of services)
      if (service !== compose.services['simulator']) expect(service.profiles).toBeUndefined();
  });

  it('gives every service a healthcheck, and every dependency waits for service_healthy', () => {
    for (const [name, service] of services) {
      expect([name, healthcheckText(service)]).toEqual([name, expect.stringMatching(/\S/)]);
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect([name, dependency, condition]).toEqual([name, dependency, 'service_healthy']);
        expect(compose.services[dependency]?.healthcheck).toBeDefined();
      }
    }
  });

  it('sets only variables that core/config knows, on every service running our image', () => {
    const known = new Set(KNOWN_ENV_VARS);
    for (const [name, service] of ours) {
      const unknown = Object.keys(service.environment ?? {}).filter((v) => !known.has(v));
      expect([name, unknown]).toEqual([name, []]);
    }
  });

  it('starts each service from its own compiled main file', () => {
    for (const [name, service] of ours) {
      const entry = service.command?.[1] ?? '';
      const expected =
        name === 'gateway' || name === 'simulator'
          ? `dist/${name}/main.js`
          : `dist/subgraphs/${name}/main.js`;
      expect([name, entry]).toEqual([name, expected]);
      expect(existsSync(new URL(entry.replace(/^dist\//, '').replace(/\.js$/, '.ts'), root))).toBe(true);
    }
  });

  it('agrees with the config defaults on every port: healthchecks, service URLs, published ports, Prometheus', () => {
    for (const [name, service] of ours) {
      const port = defaultPort[name];
      expect([name, port]).toEqual([name, expect.any(Number)]);
      expect(healthcheckText(service)).toContain(`127.0.0.1:${port}/`);
      for (const published of service.ports ?? []) expect(published).toMatch(new RegExp(`:${port}$`));
      // Nothing moves a service off its default port: URLs below rely on it.
      expect(Object.keys(service.environment ?? {}).filter((v) => v.endsWith('_PORT'))).toEqual([]);
    }
    expect(compose.services['simulator']!.command).toEqual(
      expect.arrayContaining(['--port', String(defaultPort['simulator'])]),
    );

    const env = compose.services['gateway']!.environment!;
    for (const name of SUBGRAPH_NAMES)
      expect(env[`${name.toUpperCase()}_SUBGRAPH_URL`]).toBe(`http://${name}:${defaultPort[name]}/graphql`);
    expect(env['GATEWAY_URL']).toBe(`http://gateway:${defaultPort['gateway']}/graphql`);
    expect(env['TWS_URL']).toContain(`http://simulator:${defaultPort['simulator']}/twsd`);

    const prometheus = parse(read('deploy/prometheus.yml')) as {
      scrape_configs: Array<{ job_name: string; dns_sd_configs?: Array<{ names: string[]; port: number }> }>;
    };
    const scraped = Object.fromEntries(
      prometheus.scrape_configs
        .filter((j) => j.dns_sd_configs)
        .map((j) => [j.dns_sd_configs![0]!.names[0], j.dns_sd_configs![0]!.port]),
    );
    expect(scraped).toEqual(
      Object.fromEntries(['gateway', ...SUBGRAPH_NAMES].map((n) => [n, defaultPort[n]])),
    );
  });

  it('mounts the Prometheus configuration it ships', () => {
    const volumes = (compose.services['prometheus'] as { volumes?: string[] }).volumes ?? [];
    expect(volumes).toContain('./deploy/prometheus.yml:/etc/prometheus/prometheus.yml:ro');
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  it('is multi-stage, installs production dependencies only in the runtime image, and runs as a non-root user', () => {
    const stages = dockerfile.match(/^FROM .+ AS (\w+)$/gm) ?? [];
    expect(stages.length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).not.toMatch(/npm (ci|install)/);
    expect(runtime).toMatch(/^CMD \["node", "dist\/gateway\/main\.js"\]$/m);
  });

  it('compiles every folder the services import from', () => {
    const build = JSON.parse(read('tsconfig.build.json')) as { include: string[] };
    for (const folder of ['core', 'gateway', 'subgraphs', 'simulator', 'schema']) {
      expect(build.include).toContain(folder);
      expect(dockerfile).toContain(`COPY ${folder} ${folder}`);
    }
  });
});
