export { createCache, type CacheOptions } from './cache.js';
export type { Cache, CacheKind, InvalidationMessage } from './types.js';
