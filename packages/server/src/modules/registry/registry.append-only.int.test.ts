import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../../../test/harness';
import { createPerson, recordEvent, TODAY } from './registry.fixtures';

let t: TestApp;
let clerk: TestUser;
let eventId: number;
let before: unknown;

const snapshot = () => t.db.db.selectFrom('vital_event').selectAll().orderBy('id').execute();

beforeAll(async () => {
  t = await startTestApp({ today: TODAY });
  const village = await t.village('330522001', 0);
  clerk = await t.user('township_officer', '330522001');
  const p = await createPerson(t, clerk.cookie, { name: '常青', sex: 'male', birthDate: '1960-01-01', village });
  eventId = (await recordEvent(t, clerk.cookie, { kind: 'residence_change', occurredOn: '2025-01-01', personId: p.id, toRegion: village })).eventId;
  await recordEvent(t, clerk.cookie, { kind: 'death', occurredOn: '2025-02-01', personId: p.id });
  before = await snapshot();
});
afterAll(() => t.close());

describe('vital_event is append-only in the database itself', () => {
  it('the application role cannot UPDATE, DELETE or TRUNCATE', async () => {
    await expect(t.db.db.updateTable('vital_event').set({ occurred_on: '2000-01-01' }).where('id', '=', eventId).execute()).rejects.toThrow(/permission denied|append-only/);
    await expect(t.db.db.updateTable('vital_event').set({ payload: JSON.stringify({}) }).execute()).rejects.toThrow(/permission denied|append-only/);
    await expect(t.db.db.deleteFrom('vital_event').where('id', '=', eventId).execute()).rejects.toThrow(/permission denied|append-only/);
    await expect(t.db.db.deleteFrom('vital_event').execute()).rejects.toThrow(/permission denied|append-only/);
    await expect(sql`TRUNCATE vital_event`.execute(t.db.db)).rejects.toThrow(/permission denied|append-only/);
    expect(await snapshot()).toEqual(before);
  });

  it('the application role may still INSERT (events are appended)', async () => {
    const { rows } = await t.db.appPool.query<{ has: boolean }>(`SELECT has_table_privilege(current_user, 'vital_event', 'INSERT') AS has`);
    expect(rows[0]!.has).toBe(true);
    const { rows: denied } = await t.db.appPool.query<{ u: boolean; d: boolean; t: boolean }>(
      `SELECT has_table_privilege(current_user, 'vital_event', 'UPDATE') AS u, has_table_privilege(current_user, 'vital_event', 'DELETE') AS d, has_table_privilege(current_user, 'vital_event', 'TRUNCATE') AS t`,
    );
    expect(denied[0]).toEqual({ u: false, d: false, t: false });
  });

  it('even the owner is refused by the trigger: UPDATE, DELETE and TRUNCATE', async () => {
    await expect(t.db.ownerPool.query(`UPDATE vital_event SET occurred_on = '2000-01-01' WHERE id = $1`, [eventId])).rejects.toThrow(/vital_event is append-only: UPDATE refused/);
    await expect(t.db.ownerPool.query(`UPDATE vital_event SET payload = '{}'::jsonb`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(t.db.ownerPool.query(`DELETE FROM vital_event WHERE id = $1`, [eventId])).rejects.toThrow(/append-only: DELETE refused/);
    await expect(t.db.ownerPool.query(`TRUNCATE vital_event CASCADE`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect(await snapshot()).toEqual(before);
  });

  it('the refusal carries SQLSTATE insufficient_privilege (42501)', async () => {
    const err = await t.db.ownerPool.query(`DELETE FROM vital_event`).catch((e: { code?: string }) => e);
    expect((err as { code?: string }).code).toBe('42501');
  });
});
