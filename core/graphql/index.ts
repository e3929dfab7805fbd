export * from './scalars.js';
export * from './sdl.js';
