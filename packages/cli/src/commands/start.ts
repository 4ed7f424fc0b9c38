import { createKysely, createAppPool } from '@renkou/db';
import { createServer, ensureInitialAdministrators, securityConfigFromEnv } from '@renkou/server';
import { openRuntime, say, type Runtime } from '../runtime';
import { createDemoAccounts, type DemoAccount } from './demo-accounts';
import { DEMO_SETTING, runDemoLoad } from './demo';

/**
 * On an empty database `npm start` loads the synthetic demo city (湖州市 at a tenth of its people by
 * default) and demo accounts, so a newcomer sees a working system; RENKOU_DEMO=0 starts empty instead.
 */
async function demoOnFirstStart(rt: Runtime): Promise<DemoAccount[] | undefined> {
  if (process.env.RENKOU_DEMO === '0') return undefined;
  const { rows } = await rt.owner.query<{ empty: boolean }>(
    `SELECT NOT EXISTS (SELECT 1 FROM person) AND NOT EXISTS (SELECT 1 FROM system_setting WHERE key = $1) AS empty`,
    [DEMO_SETTING],
  );
  if (!rows[0]!.empty) return undefined;
  const region = process.env.RENKOU_DEMO_REGION ?? '3305';
  const scale = Number(process.env.RENKOU_DEMO_SCALE ?? '0.1');
  say(`空数据库：载入合成演示人口（区划 ${region}，比例 ${scale}）/ empty database: loading the synthetic demo population (region ${region}, scale ${scale})…`);
  const result = await runDemoLoad(rt.owner, { region, scale, seed: '1', keys: rt.keys });
  say(`演示人口已载入 / demo population loaded: ${result.persons.toLocaleString('en-US')} persons, ${result.events.toLocaleString('en-US')} events in ${(result.totalMs / 1000).toFixed(0)} s`);
  return createDemoAccounts(rt.owner, rt.server.url, rt.keys, region);
}

export async function runStart(options: { port: number; host: string }): Promise<void> {
  const rt = await openRuntime();
  const demoAccounts = await demoOnFirstStart(rt);
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
  if (demoAccounts?.length) {
    say('');
    say('演示模式：以下为演示账号（数据均为合成，仅供体验）/ demo mode: demo accounts (all data is synthetic):');
    for (const a of demoAccounts) say(`  ${a.username.padEnd(15)} ${a.role.padEnd(17)} ${a.regionCode.padEnd(12)} ${a.regionName}  密码/password: ${a.password}`);
  }
  if (admins.length) {
    say('');
    say('首次启动：已创建三员账号，密码只显示这一次，请立即保存 / first start: the three administrator accounts, passwords shown only this once:');
    for (const a of admins) {
      say(`  ${a.username.padEnd(11)} ${a.role.padEnd(15)} 密码/password: ${a.password}`);
      say(`  ${''.padEnd(11)} 动态口令/TOTP: ${a.totpUri}`);
    }
    say(`在浏览器打开 ${url} 登录（管理员需输入动态口令）/ open ${url} in a browser to sign in (administrators also enter their TOTP code); secadmin creates the other users.`);
  } else {
    say(`在浏览器打开 ${url} 登录；忘记密码请联系安全保密管理员 (secadmin) / open ${url} in a browser to sign in; the security administrator resets forgotten passwords.`);
  }
}
