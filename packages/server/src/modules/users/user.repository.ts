import type { Db, Trx } from '@renkou/db';

export type UserRow = Awaited<ReturnType<typeof findUserByUsername>> & {};

export function findUserByUsername(db: Db | Trx, username: string) {
  return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

export function findUserById(db: Db | Trx, id: number) {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function regionName(db: Db | Trx, code: string): Promise<string> {
  const r = await db.selectFrom('region').select('name').where('code', '=', code).executeTakeFirst();
  return r?.name ?? code;
}
