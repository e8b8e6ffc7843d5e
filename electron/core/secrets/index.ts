export * from './secret-store.js';
export * from './resolver.js';
export * from './redact.js';
export * from './token.js';
