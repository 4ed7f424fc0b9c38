export * from './database';
export * from './kysely';
export * from './migrate';
export type * from './schema';
export { startEmbedded, type EmbeddedCluster } from './launcher/embedded';
export { loadRegions, regionsLoaded } from './regions/load-regions';
export { setUp } from './set-up';
export { copyRows, CopyText, escapeCopyText } from './copy';
