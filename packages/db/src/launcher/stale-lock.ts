import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces; fields after the closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return undefined;
  }
}

function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !alive(pid);
}

/**
 * A run killed with SIGKILL leaves either a lock file whose process is gone, or an orphaned server
 * (its parent gone, so it now belongs to init). Both are ours to clean up; a server whose parent still
 * runs belongs to another live Renkou and is left alone with a clear message.
 */
export async function recoverStaleLock(pgData: string, log: (line: string) => void): Promise<{ runningPort: number } | undefined> {
  const lockFile = path.join(pgData, 'postmaster.pid');
  if (!existsSync(lockFile)) return undefined;
  const lines = readFileSync(lockFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid) || !isPostgres(pid)) {
    rmSync(lockFile, { force: true });
    log(`已清除上次异常退出留下的数据库锁文件 (pid ${pid}) / removed a stale lock left by a run that was killed (pid ${pid})`);
    return undefined;
  }
  const parent = parentOf(pid);
  if (parent !== undefined && parent > 1 && alive(parent) && !isOrphanReaper(parent)) {
    // Another Renkou (say `renkou start`) owns the server: a CLI command joins it rather than fighting it.
    log(`数据库已由另一个 Renkou 进程运行 (pid ${parent})，直接连接 / the database is already run by another Renkou process (pid ${parent}); connecting to it`);
    return { runningPort: Number(lines[3]) };
  }
  log(`发现上次被强制结束时遗留的数据库进程 (pid ${pid})，正在关闭 / found a database left running by a killed run (pid ${pid}); stopping it`);
  process.kill(pid, 'SIGINT');
  if (!(await waitForExit(pid, 30_000))) {
    process.kill(pid, 'SIGQUIT');
    await waitForExit(pid, 10_000);
  }
  return undefined;
}

/** In containers and user sessions a subreaper other than pid 1 may adopt orphans. */
function isOrphanReaper(pid: number): boolean {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return /(^|\/)(init|systemd|tini|dumb-init)\b/.test(cmd);
  } catch {
    return false;
  }
}
