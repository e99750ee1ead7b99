export * from './types.ts';
export * from './errors.ts';
export * from './signatures.ts';
export * from './registry.ts';
