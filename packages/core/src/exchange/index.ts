export * from './records';
export * from './values';
export * from './feeds';
export * from './validate';
export * from './linkage';
export * from './exchange.schemas';
