import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '@renkou/testing';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'renkou.js');
const dataDir = mkdtempSync(path.join(tmpdir(), 'renkou-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  output: () => string;
  url: string;
}

async function start(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /is running: (http:\/\/\S+)/.exec(out);
      if (m && /sign in/.test(out)) {
        clearInterval(timer);
        resolve(m[1]!);
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`exited ${code}: ${out}`));
    });
  });
  return { child, output: () => out, url };
}

function stop(s: Started, signal: NodeJS.Signals): Promise<number | null> {
  return new Promise((resolve) => {
    s.child.once('exit', (code) => resolve(code));
    s.child.kill(signal);
  });
}

describe('renkou start on the embedded PostgreSQL', () => {
  it('first start: migrates, loads regions, prints the URL and one-time administrator passwords; SIGTERM stops cleanly; a restart reuses the data', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, RENKOU_DATA_DIR: dataDir, RENKOU_PG_PORT: String(await freePort()), PORT: String(await freePort()), RENKOU_DEMO_SCALE: '0.002' };
    delete env.DATABASE_URL;
    const first = await start(env);
    expect(first.output()).toMatch(/regions loaded/);
    // An empty database gets the demo city and one demo account per working role.
    expect(first.output()).toMatch(/demo population loaded: [\d,]+ persons/);
    const demoUsers = [...first.output().matchAll(/^\s+(demo_\w+)\s+(\w+)\s+(\d+)/gm)].map((m) => m[2]);
    expect(demoUsers).toEqual(['village_clerk', 'township_officer', 'township_officer', 'county_officer', 'city_analyst', 'province_admin', 'auditor']);
    const passwords = [...first.output().matchAll(/^\s+(?:sysadmin|secadmin|auditadmin)\s+\w+\s+密码\/password: (\S+)/gm)].map((m) => m[1]);
    expect(passwords).toHaveLength(3);
    const meta = (await (await fetch(`${first.url}/api/v1/meta`)).json()) as { demo: boolean };
    expect(meta.demo).toBe(true);
    const health = await fetch(`${first.url}/api/v1/auth/me`);
    expect(health.status).toBe(401);
    const keyFile = path.join(dataDir, 'keys.json');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(await stop(first, 'SIGTERM')).toBe(0);
    expect(first.output()).toMatch(/stopped/);
    const pgData = readdirSync(dataDir).includes('pg') ? path.join(dataDir, 'pg', 'data') : undefined;
    if (pgData) expect(existsSync(path.join(pgData, 'postmaster.pid'))).toBe(false);

    const second = await start(env);
    expect(second.output()).not.toMatch(/regions loaded/);
    expect(second.output()).not.toMatch(/demo population loaded/);
    expect(second.output()).not.toMatch(/密码\/password/);
    // The first start's password still signs in: the data was reused. (TOTP is required for sysadmin.)
    const login = await fetch(`${second.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'sysadmin', password: passwords[0] }) });
    expect(((await login.json()) as { code: string }).code).toBe('TOTP_REQUIRED');
    expect(await stop(second, 'SIGINT')).toBe(0);
  }, 180_000);
});
