export { buildApp } from './app';
export { createServer, VERSION, type ServerParts } from './bootstrap';
export { loadOrCreateKeys, defaultKeysFile, generateKeys, type Keys } from './platform/keys';
export { securityConfigFromEnv, type SecurityConfig } from './platform/config';
export { verifyAuditChain, writeAudit } from './platform/audit';
export { createUserInTrx, generatePassword, hashPassword, randomHolder } from './modules/users/users.service';
export { ensureInitialAdministrators } from './first-start';
export { computeStats, findRegion, type StatsRequest } from './modules/statistics/statistics.service';
export { importFile, applyBatch, type BatchSummary, type ImportWho } from './modules/exchange/import.service';
