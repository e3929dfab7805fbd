export * from './types.js';
export * from './errors.js';
export * from './client.js';
export * from './openai-provider.js';
export * from './chain.js';
export * from './metrics.js';
