export * from './factory.js';
export * from './leadership.js';
