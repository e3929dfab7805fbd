export * from './permissions.js';
export * from './shield.js';
