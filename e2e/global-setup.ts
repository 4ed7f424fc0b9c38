import { ensureBuilt } from '../packages/web/scripts/ensure-built.mjs';

/** The server serves packages/web/dist only if it exists when the app is built: build it first. */
export default async function setup(): Promise<void> {
  await ensureBuilt({ quiet: true });
}
