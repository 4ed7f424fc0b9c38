import type { Role } from '@renkou/core';
import { createAppPool, createKysely } from '@renkou/db';
import { createUserInTrx, generatePassword, securityConfigFromEnv, writeAudit, type Keys } from '@renkou/server';
import type pg from 'pg';

export interface DemoAccount {
  readonly username: string;
  readonly role: Role;
  readonly regionCode: string;
  readonly regionName: string;
  readonly password: string;
}

async function firstChild(owner: pg.Pool, parent: string, index = 0): Promise<{ code: string; name: string }> {
  const { rows } = await owner.query<{ code: string; name: string }>(
    // The first child that has people living in it, so every demo user sees data.
    `SELECT r.code, r.name FROM region r
      WHERE r.parent_code = $1 AND EXISTS (SELECT 1 FROM person p WHERE p.residence_region LIKE r.code || '%')
      ORDER BY r.code OFFSET $2 LIMIT 1`,
    [parent, index],
  );
  if (!rows[0]) throw new Error(`no populated child ${index} under ${parent}`);
  return rows[0];
}

/**
 * One account per working role, each at a different level of the demo city, so a visitor can see what
 * a village clerk, a township officer and a county officer each reach. Demo mode only: the passwords
 * are printed at start.
 */
export async function createDemoAccounts(owner: pg.Pool, ownerUrl: string, keys: Keys, city: string): Promise<DemoAccount[]> {
  const county = await firstChild(owner, city);
  const township = await firstChild(owner, county.code);
  const village = await firstChild(owner, township.code);
  const otherTownship = await firstChild(owner, county.code, 1);
  const cityName = (await owner.query<{ name: string }>('SELECT name FROM region WHERE code = $1', [city])).rows[0]?.name ?? city;
  const provinceName = (await owner.query<{ name: string }>('SELECT name FROM region WHERE code = $1', [city.slice(0, 2)])).rows[0]?.name ?? city.slice(0, 2);
  const plan: [string, Role, string, string][] = [
    ['demo_village', 'village_clerk', village.code, village.name],
    ['demo_township', 'township_officer', township.code, township.name],
    ['demo_township2', 'township_officer', otherTownship.code, otherTownship.name],
    ['demo_county', 'county_officer', county.code, county.name],
    ['demo_city', 'city_analyst', city, cityName],
    ['demo_province', 'province_admin', city.slice(0, 2), provinceName],
    ['demo_auditor', 'auditor', county.code, county.name],
  ];
  const db = createKysely(createAppPool(ownerUrl, 2));
  try {
    const security = securityConfigFromEnv();
    const created: DemoAccount[] = [];
    await db.transaction().execute(async (trx) => {
      for (const [username, role, regionCode, regionName] of plan) {
        const password = generatePassword();
        await createUserInTrx(trx, { keys, security }, { username, displayName: `演示-${regionName}`, holder: `demo-${username}`, role, regionCode, password });
        created.push({ username, role, regionCode, regionName, password });
      }
    });
    await writeAudit(db, { actor: { id: null, username: 'system', role: null, regionCode: null }, action: 'user.create_demo_accounts', outcome: 'success', details: { count: created.length } });
    return created;
  } finally {
    await db.destroy();
  }
}
