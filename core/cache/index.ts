export { createCache, type CacheOptions } from './cache.js';
export type { Cache, CacheKind, GetOrLoadOptions, InvalidationMessage } from './types.js';
