/** Life tables, cohort-component projection and summary measures (docs/domain/projection.md). */
export * from './projection-errors';
export * from './life-table';
export * from './ccmpp';
export * from './summary';
export * from './projection.schemas';
export * from './run';
export * from './scenario';
export * from './model-schedules';
