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
export async function recoverStaleLock(pgData: string, log: (line: string) => void): Promise<void> {
  const lockFile = path.join(pgData, 'postmaster.pid');
  if (!existsSync(lockFile)) return;
  const pid = Number(readFileSync(lockFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid) || !isPostgres(pid)) {
    rmSync(lockFile, { force: true });
    log(`已清除上次异常退出留下的数据库锁文件 (pid ${pid}) / removed a stale lock left by a run that was killed (pid ${pid})`);
    return;
  }
  const parent = parentOf(pid);
  if (parent !== undefined && parent > 1 && alive(parent) && !isOrphanReaper(parent)) {
    throw new Error(
      `数据目录正被另一个运行中的 Renkou 使用 (PostgreSQL pid ${pid}, 父进程 ${parent}) / the data folder is in use by another running Renkou (PostgreSQL pid ${pid}, parent ${parent})`,
    );
  }
  log(`发现上次被强制结束时遗留的数据库进程 (pid ${pid})，正在关闭 / found a database left running by a killed run (pid ${pid}); stopping it`);
  process.kill(pid, 'SIGINT');
  if (!(await waitForExit(pid, 30_000))) {
    process.kill(pid, 'SIGQUIT');
    await waitForExit(pid, 10_000);
  }
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
