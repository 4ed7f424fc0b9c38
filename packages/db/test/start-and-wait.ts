// Helper for the launcher test: starts a cluster, says "ready", then waits to be killed with SIGKILL.
import { startEmbedded } from '../src/launcher/embedded';

const [dataDir, port] = process.argv.slice(2);
await startEmbedded({ dataDir: dataDir!, port: Number(port), ephemeral: true });
process.stdout.write('ready\n');
setInterval(() => undefined, 1000);
