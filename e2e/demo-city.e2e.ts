import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { createServer, generateKeys, type ServerParts } from '@renkou/server';
import { createTestDatabase, type TestDatabase } from '@renkou/testing';
import { createDemoAccounts, type DemoAccount } from '../packages/cli/src/commands/demo-accounts';
import { runDemoLoad } from '../packages/cli/src/commands/demo';
import { launchBrowser } from './browser';
import { screenshots, VIEWPORT } from './harness';

let db: TestDatabase;
let server: ServerParts;
let browser: Browser;
let baseUrl: string;
let accounts: DemoAccount[];

/** The synthetic demo city (湖州市 at 1/500 of its people) as `npm start` loads it on an empty database. */
beforeAll(async () => {
  db = await createTestDatabase();
  const keys = generateKeys();
  await runDemoLoad(db.ownerPool, { region: '3305', scale: 0.002, seed: '1', keys, progress: false });
  accounts = await createDemoAccounts(db.ownerPool, db.url, keys, '3305');
  server = await createServer({ db: db.db, keys });
  baseUrl = await server.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await server?.close();
  await db?.drop();
});

test('a demo township officer signs in to the synthetic city and sees the demo banner and its population', async () => {
  const shot = screenshots('5-demo-city');
  const account = accounts.find((a) => a.username === 'demo_township')!;
  const context = await browser.newContext({ baseURL: baseUrl, viewport: VIEWPORT, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('用户名').fill(account.username);
  await page.getByLabel('密码').fill(account.password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('user-context').waitFor();
  await page.getByTestId('demo-banner').waitFor();
  await page.getByTestId('pyramid').waitFor();
  const population = Number((await page.getByTestId('stat-population').locator('.ant-statistic-content-value').innerText()).replace(/[^\d]/g, ''));
  const { rows } = await db.ownerPool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM person WHERE residence_region LIKE $1 AND status = 'alive'`,
    [`${account.regionCode}%`],
  );
  expect(rows[0]!.n).toBeGreaterThan(0);
  expect(population).toBe(rows[0]!.n);
  await shot(page, 'demo-dashboard');
  await context.close();
});
