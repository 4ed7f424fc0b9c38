import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '@renkou/testing';
import { startEmbedded } from './embedded';
import { isRoot, unprivilegedUser } from './os-user';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'renkou-launch-'));
  dirs.push(d);
  return d;
}

async function query(url: string, sql: string): Promise<unknown[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('embedded PostgreSQL launcher', () => {
  it('initialises, stops cleanly and reuses the data on restart', async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const first = await startEmbedded({ dataDir, port, ephemeral: true });
    await query(first.url, 'CREATE TABLE kept (v text); INSERT INTO kept VALUES (\'still here\')');
    await first.stop();
    expect(existsSync(path.join(first.pgDataDir, 'postmaster.pid'))).toBe(false);
    const second = await startEmbedded({ dataDir, port, ephemeral: true });
    expect(await query(second.url, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
    await second.stop();
  });

  it('runs the server as an unprivileged user when started as root', async () => {
    const dataDir = tempDir();
    const cluster = await startEmbedded({ dataDir, port: await freePort(), ephemeral: true });
    const pid = Number(readFileSync(path.join(cluster.pgDataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const uid = Number(/Uid:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
    expect(uid).toBe(isRoot() ? unprivilegedUser().uid : process.getuid!());
    if (isRoot()) expect(uid).not.toBe(0);
    await cluster.stop();
  });

  it('recovers a stale lock and an orphaned server left by a killed run, saying so', async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'start-and-wait.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script, dataDir, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => c.toString().includes('ready') && resolve());
      child.on('exit', (code) => reject(new Error(`helper exited ${code}`)));
    });
    const pgPid = Number(readFileSync(path.join(dataDir, 'pg', 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(pidAlive(pgPid)).toBe(true); // the orphan keeps running after its parent was killed
    const lines: string[] = [];
    const cluster = await startEmbedded({ dataDir, port, ephemeral: true, log: (l) => lines.push(l) });
    expect(lines.join('\n')).toMatch(/killed run/);
    expect(pidAlive(pgPid)).toBe(false);
    expect(await query(cluster.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    await cluster.stop();
  }, 60_000);
});

describe('unreachable data folder', () => {
  it('as root, moves the cluster to a folder the unprivileged user can reach', async () => {
    const parent = tempDir();
    const { chmodSync } = await import('node:fs');
    chmodSync(parent, 0o700); // like /root: other users cannot enter
    const dataDir = path.join(parent, 'inner');
    const lines: string[] = [];
    const cluster = await startEmbedded({ dataDir, port: await freePort(), ephemeral: true, log: (l) => lines.push(l) });
    if (isRoot()) {
      expect(cluster.pgDataDir.startsWith('/var/lib/renkou/')).toBe(true);
      expect(lines.join('\n')).toMatch(/not reachable/);
    } else {
      expect(cluster.pgDataDir).toBe(path.join(dataDir, 'pg', 'data'));
    }
    await cluster.stop();
    if (isRoot()) rmSync(path.dirname(cluster.pgDataDir), { recursive: true, force: true });
  });
});
