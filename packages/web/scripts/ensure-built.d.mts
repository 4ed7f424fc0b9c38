/** See ensure-built.mjs. */
export function needsBuild(): { build: boolean; why: string };
export function ensureBuilt(options?: { force?: boolean; quiet?: boolean }): Promise<boolean>;
