export type HealthStatus = 'UP' | 'DEGRADED' | 'DOWN';

export type ComponentKind =
  'CACHE' | 'DATABASE' | 'VECTOR_STORE' | 'WORKLOAD_AUTOMATION' | 'LLM_PROVIDER' | 'SUBGRAPH' | 'OTHER';

export interface ComponentHealth {
  name: string;
  kind: ComponentKind;
  status: HealthStatus;
  mode?: string | undefined;
  latencyMs?: number | undefined;
  detail?: string | undefined;
  checkedAt: Date;
}

export interface Health {
  status: HealthStatus;
  components: ComponentHealth[];
  checkedAt: Date;
}

/** Components whose loss makes the product unusable rather than degraded. */
const CRITICAL = new Set(['hwa', 'subgraph:tws']);

export function overallStatus(components: readonly ComponentHealth[]): HealthStatus {
  if (components.some((c) => CRITICAL.has(c.name) && c.status === 'DOWN')) return 'DOWN';
  return components.every((c) => c.status === 'UP') ? 'UP' : 'DEGRADED';
}

const KINDS = new Set<ComponentKind>([
  'CACHE',
  'DATABASE',
  'VECTOR_STORE',
  'WORKLOAD_AUTOMATION',
  'LLM_PROVIDER',
  'SUBGRAPH',
  'OTHER',
]);

export function toKind(value: unknown): ComponentKind {
  return typeof value === 'string' && KINDS.has(value as ComponentKind) ? (value as ComponentKind) : 'OTHER';
}
