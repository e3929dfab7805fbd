// Dependency-free URL helpers, shared by the servers, the config defaults and the health checks.

/** Where a server bound to `host` is reached from this machine: a wildcard bind means loopback. */
export function loopbackHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}

/** The probe route next to a service's GraphQL endpoint: `http://h:p/graphql` → `http://h:p/readyz`. */
export function probeUrl(graphqlUrl: string, probe: 'healthz' | 'readyz' | 'metrics'): string {
  return `${graphqlUrl.replace(/\/graphql\/?$/, '')}/${probe}`;
}
