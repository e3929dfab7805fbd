export * from './context.js';
export * from './probes.js';
export * from './metrics-plugin.js';
export * from './ws.js';
export * from './subgraph-server.js';
export * from './http-errors.js';
