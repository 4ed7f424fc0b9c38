import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DomainError, FEED_KINDS, type FeedKind } from '@renkou/core';
import { applyBatch, createServer, importFile, type BatchSummary, type ImportWho } from '@renkou/server';
import type { Runtime } from '../runtime';
import { errorResult, type CommandResult } from './lifetable';

export interface ImportCommandOptions {
  region: string;
  json?: boolean;
}

const CLI_ACTOR: ImportWho['actor'] = { id: null, username: 'cli', role: null, regionCode: null };

function summaryText(s: BatchSummary): string {
  return [
    `第 ${s.batchId} 批 / batch ${s.batchId} (${s.kind}, ${s.encoding ?? '-'})${s.resumed ? ' — 续导 / resumed' : ''}`,
    `  收到 received ${s.received}  有效 valid ${s.valid}  已入库 applied ${s.applied}  已导入过 already applied ${s.alreadyApplied}  被拒 rejected ${s.rejected}  待核对 worklist ${s.worklist}`,
  ].join('\n') + '\n';
}

/** `renkou import <kind> <file>`: the same pipeline as an upload in the web app, for the region given. */
export async function importCommand(rt: Pick<Runtime, 'server' | 'keys'>, kind: string, file: string, o: ImportCommandOptions): Promise<CommandResult> {
  if (!(FEED_KINDS as readonly string[]).includes(kind)) {
    return errorResult(new DomainError('UNKNOWN_FEED', { zh: '未知的数据类型', en: 'unknown feed kind' }, [{ path: '<kind>', value: kind, reason: { zh: `应为 ${FEED_KINDS.join('、')}`, en: `one of ${FEED_KINDS.join(', ')}` } }], 400));
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return errorResult(new DomainError('UNREADABLE_FILE', { zh: '无法读取文件', en: 'cannot read the file' }, [{ path: '<file>', value: file, reason: { zh: code, en: code } }], 400));
  }
  const server = await createServer({ url: rt.server.url, keys: rt.keys, poolSize: 2 });
  try {
    const who: ImportWho = { transport: 'cli', regionCode: o.region, userId: null, partnerId: null, actor: CLI_ACTOR, ip: null, requestId: null };
    const s = await importFile(server.deps, who, kind as FeedKind, bytes, path.basename(file));
    return { stdout: o.json ? JSON.stringify(s) + '\n' : summaryText(s), stderr: '', exitCode: 0 };
  } catch (error) {
    return errorResult(error);
  } finally {
    await server.close();
  }
}

/** `renkou import resume`: applies every batch left staged by an interrupted import. */
export async function importResumeCommand(rt: Pick<Runtime, 'server' | 'keys'>, o: { json?: boolean }): Promise<CommandResult> {
  const server = await createServer({ url: rt.server.url, keys: rt.keys, poolSize: 2 });
  try {
    const staged = await server.deps.db.selectFrom('import_batch').select('id').where('status', '=', 'staged').orderBy('id').execute();
    const out: BatchSummary[] = [];
    for (const b of staged) out.push({ ...(await applyBatch(server.deps, b.id, { actor: CLI_ACTOR, ip: null, requestId: null, userId: null })), resumed: true });
    return { stdout: o.json ? JSON.stringify(out) + '\n' : out.length ? out.map(summaryText).join('') : '没有未完成的导入 / nothing to resume\n', stderr: '', exitCode: 0 };
  } finally {
    await server.close();
  }
}
