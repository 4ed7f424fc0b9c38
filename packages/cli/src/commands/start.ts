import { createKysely, createAppPool } from '@renkou/db';
import { createServer, ensureInitialAdministrators, securityConfigFromEnv } from '@renkou/server';
import { openRuntime, say } from '../runtime';

export async function runStart(options: { port: number; host: string }): Promise<void> {
  const rt = await openRuntime();
  const db = createKysely(createAppPool(rt.server.url, Number(process.env.RENKOU_POOL_SIZE ?? 20)));
  const security = securityConfigFromEnv();
  const admins = await ensureInitialAdministrators(db, rt.keys, security, process.env.RENKOU_REGION ?? '33');
  const server = await createServer({ db, keys: rt.keys, app: { logger: true } });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`收到 ${signal}，正在停止 / ${signal} received, stopping…`);
    await server.close().catch(() => undefined);
    await db.destroy().catch(() => undefined);
    await rt.close().catch(() => undefined);
    say('已停止 / stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  const address = await server.app.listen({ port: options.port, host: options.host });
  const url = address.replace('127.0.0.1', 'localhost');
  say('');
  say(`Renkou 人口 已启动 / is running: ${url}`);
  say(`API 文档 / API docs: ${url}/api/docs`);
  say(`数据库 / database: ${rt.server.kind === 'embedded' ? '内置 PostgreSQL / embedded PostgreSQL' : 'DATABASE_URL'}`);
  if (admins.length) {
    say('');
    say('首次启动：已创建三员账号，密码只显示这一次，请立即保存 / first start: the three administrator accounts, passwords shown only this once:');
    for (const a of admins) {
      say(`  ${a.username.padEnd(11)} ${a.role.padEnd(15)} 密码/password: ${a.password}`);
      say(`  ${''.padEnd(11)} 动态口令/TOTP: ${a.totpUri}`);
    }
    say('登录 / sign in: POST /api/v1/auth/login {"username","password","totp"}; 用户由 secadmin 创建 / secadmin creates the other users.');
  } else {
    say('登录 / sign in with your account; 忘记密码请联系安全保密管理员 (secadmin) / ask the security administrator to reset a password.');
  }
}
