/** The statistics engine (pure): periods, age groups, the indicator catalogue, evaluation and the SRB interval. cells.ts and statistics.schemas.ts are exported by packages/core/src/index.ts directly. */
export * from './periods';
export * from './age-groups';
export * from './indicators';
export * from './evaluate';
export * from './srb';
export * from './quality';
