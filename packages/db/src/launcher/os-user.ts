import { execFileSync, spawnSync } from 'node:child_process';

/** The unprivileged account PostgreSQL runs under when Renkou itself runs as root (PostgreSQL refuses root). */
export interface OsUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

const CANDIDATES = ['postgres', 'renkou-pg'];

function lookup(name: string): OsUser | undefined {
  const result = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  const uid = Number(result.stdout.trim());
  const gid = Number(spawnSync('id', ['-g', name], { encoding: 'utf8' }).stdout.trim());
  return { name, uid, gid };
}

/** Returns an existing unprivileged user (postgres, else renkou-pg), creating renkou-pg when neither exists. */
export function unprivilegedUser(): OsUser {
  for (const name of CANDIDATES) {
    const user = lookup(name);
    if (user) return user;
  }
  execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'renkou-pg']);
  const created = lookup('renkou-pg');
  if (!created) throw new Error('could not create the unprivileged user renkou-pg for PostgreSQL');
  return created;
}

/** True when `user` can enter and write `dir` (every ancestor must be searchable, so a folder under /root fails). */
export function canReach(user: OsUser, dir: string): boolean {
  const result = spawnSync('/bin/sh', ['-c', 'test -d "$1" && test -x "$1" && test -w "$1"', 'sh', dir], {
    uid: user.uid,
    gid: user.gid,
  });
  return result.status === 0;
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}
