export * from './types.js';
export * from './memory.js';
export * from './redis.js';
export { createQueueIterator } from './queue.js';
