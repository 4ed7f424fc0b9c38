import { Command } from 'commander';
import { createKysely } from '@renkou/db';
import { verifyAuditChain } from '@renkou/server';
import { demoCommand, type DemoCommandOptions } from './commands/demo';
import { runIdCheck } from './commands/id-check';
import { registerLifetable } from './commands/lifetable';
import { importCommand, importResumeCommand, type ImportCommandOptions } from './commands/import';
import { statsCommand, statsRebuildCommand, type StatsCommandOptions } from './commands/stats';
import { registerProject } from './commands/project';
import { runStart } from './commands/start';
import { usersCreate, usersDisable, usersResetPassword } from './commands/users';
import { say, withRuntime } from './runtime';

const program = new Command('renkou').description('Renkou 人口 — population information and services platform');

program
  .command('start')
  .description('启动服务 / start the server (embedded PostgreSQL unless DATABASE_URL is set)')
  .option('-p, --port <port>', 'HTTP port', process.env.PORT ?? '3000')
  .option('--host <host>', 'address to listen on', process.env.HOST ?? '127.0.0.1')
  .action(async (o: { port: string; host: string }) => {
    try {
      await runStart({ port: Number(o.port), host: o.host });
    } catch (error) {
      say(`启动失败 / could not start: ${(error as Error).message}`);
      process.exit(1);
    }
  });

program
  .command('migrate')
  .description('执行数据库迁移并在首次运行时载入区划 / apply migrations and load regions on first run')
  .action(() =>
    withRuntime(async () => {
      say('数据库已是最新 / the database is up to date');
    }),
  );

program
  .command('demo')
  .description('载入合成演示人口，或报告其与目标的对照 / load a synthetic demo population, or report it against its targets')
  .option('--region <code>', 'region code (city 3305 = 湖州市)', '3305')
  .option('--scale <fraction>', 'fraction of the census population', '0.1')
  .option('--seed <seed>', 'random seed', '1')
  .option('--until <date>', 'last day of the history, YYYY-MM-DD (default today)')
  .option('--report', 'report the loaded population against its targets')
  .option('--json', 'JSON output')
  .action((o: DemoCommandOptions) => withRuntime((rt) => demoCommand(rt, o)));

const regions = program.command('regions').description('行政区划 / regions');
regions
  .command('stats')
  .description('各级区划数量 / count per level')
  .option('--json', 'JSON output')
  .action((o: { json?: boolean }) =>
    withRuntime(async (rt) => {
      const { rows } = await rt.owner.query<{ level: number; count: number }>('SELECT level, count(*)::int AS count FROM region GROUP BY level ORDER BY level');
      const names = ['', '省 province', '市 city', '县 county', '乡镇 township', '村 village'];
      if (o.json) process.stdout.write(JSON.stringify(rows) + '\n');
      else for (const r of rows) process.stdout.write(`${String(r.level)} ${names[r.level]!.padEnd(12)} ${r.count.toLocaleString('en-US').padStart(9)}\n`);
    }),
  );

const stats = program
  .command('stats')
  .description('统计指标 / indicators from the maintained aggregates')
  .option('--region <code>', 'region code', '3305')
  .option('--period <period>', 'year 2025, quarter 2025Q1 or month 2025-03')
  .option('--indicators <codes>', 'comma-separated indicator codes (default: all)')
  .option('--basis <basis>', 'residence (常住, default) or hukou (户籍)')
  .option('--by <breakdown>', 'sex, age5, order or child')
  .option('--json', 'JSON output: one row per indicator and breakdown value')
  .action((o: StatsCommandOptions) =>
    withRuntime(async (rt) => {
      if (!o.period) {
        say('请指定 --period / give --period, e.g. --period 2025');
        return 2;
      }
      const r = await statsCommand(rt, o);
      process.stdout.write(r.stdout);
      process.stderr.write(r.stderr);
      return r.exitCode;
    }),
  );
stats
  .command('rebuild')
  .description('从事件重算全部统计汇总 / recompute every aggregate from the events')
  .action(() =>
    withRuntime(async (rt) => {
      const r = await statsRebuildCommand(rt);
      process.stdout.write(r.stdout);
      return r.exitCode;
    }),
  );

const imports = program
  .command('import')
  .description('导入部门交换文件 / import a partner feed file (CSV or XLSX)')
  .argument('<kind>', 'birth_certificate | police_hukou | civil_marriage | death_registration, or "resume"')
  .argument('[file]', 'the file')
  .option('--region <code>', 'the region the file is for (your office)', '3305')
  .option('--json', 'JSON output')
  .action((kind: string, file: string | undefined, o: ImportCommandOptions) =>
    withRuntime(async (rt) => {
      const r = kind === 'resume' ? await importResumeCommand(rt, o) : file ? await importCommand(rt, kind, file, o) : { stdout: '', stderr: '请给出文件 / give the file\n', exitCode: 2 };
      process.stdout.write(r.stdout);
      process.stderr.write(r.stderr);
      return r.exitCode;
    }),
  );
void imports;

const id = program.command('id').description('公民身份号码 / resident ID numbers');
id
  .command('check')
  .description('校验身份证号 / validate ID numbers')
  .argument('<ids...>')
  .option('--json', 'JSON output')
  .action((ids: string[], o: { json?: boolean }) => {
    const r = runIdCheck(ids, { json: o.json === true });
    process.stdout.write(r.output.endsWith('\n') ? r.output : `${r.output}\n`);
    process.exitCode = r.exitCode;
  });

registerLifetable(program);
registerProject(program);

const users = program.command('users').description('用户管理 / users');
users
  .command('create')
  .requiredOption('--username <username>')
  .requiredOption('--name <displayName>')
  .requiredOption('--holder <employeeNumber>', '持有人工号 / the natural person holding the account')
  .requiredOption('--role <role>')
  .requiredOption('--region <code>')
  .option('--password <password>', 'generated when absent')
  .action((o: { username: string; name: string; holder: string; role: string; region: string; password?: string }) => withRuntime((rt) => usersCreate(rt, o)));
users.command('disable').argument('<username>').action((u: string) => withRuntime((rt) => usersDisable(rt, u)));
users.command('reset-password').argument('<username>').action((u: string) => withRuntime((rt) => usersResetPassword(rt, u)));

const audit = program.command('audit').description('审计日志 / audit log');
audit
  .command('verify')
  .description('校验审计日志哈希链 / verify the hash chain')
  .option('--json', 'JSON output')
  .action((o: { json?: boolean }) =>
    withRuntime(async (rt) => {
      const db = createKysely(rt.owner);
      const result = await verifyAuditChain(db);
      if (o.json) process.stdout.write(JSON.stringify(result) + '\n');
      else {
        process.stdout.write(`${result.ok ? '完整 / intact' : '发现问题 / PROBLEMS FOUND'}: ${result.checked} records checked\n`);
        for (const p of result.problems) process.stdout.write(`  chain ${p.chain} seq ${p.chainSeq} id ${p.id ?? '-'}: ${p.problem}\n`);
      }
      return result.ok ? 0 : 1;
    }),
  );

await program.parseAsync(process.argv);
