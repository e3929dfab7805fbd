export * from './factory.js';
