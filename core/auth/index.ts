export * from './roles.js';
export * from './jwt.js';
export * from './sign.js';
