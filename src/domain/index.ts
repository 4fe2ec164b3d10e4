// The judgement library: pure functions, no I/O. Import from here.
export * from './errors.js';
export * from './decimal.js';
export * from './wareki.js';
export * from './numbers.js';
export * from './judgement.js';
export * from './scales.js';
export * from './projection.js';
export * from './distribution.js';
export * from './evaluate.js';
