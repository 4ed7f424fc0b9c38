import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { createClient, type Client } from '@renkou/client';
import { authContracts, registryContracts, statsContracts, todayInChina, type StatsResult } from '@renkou/core';
import { COUNTY, PASSWORD, screenshots, signIn, startE2E, TOWNSHIP, type E2E } from './harness';

let e2e: E2E;
let api: Client;
const today = todayInChina();
const year = today.slice(0, 4);

/** A client signed in as `username` that sends its session cookie on every call. */
async function signedInClient(baseUrl: string, username: string): Promise<Client> {
  let cookie = '';
  const client = createClient({
    baseUrl,
    headers: (): Record<string, string> => (cookie ? { cookie } : {}),
    fetch: async (url, init) => {
      const res = await fetch(url, init);
      const set = res.headers.getSetCookie();
      if (set[0]) cookie = set[0].split(';')[0]!;
      return res;
    },
  });
  await client.call(authContracts.login, { body: { username, password: PASSWORD } });
  return client;
}

beforeAll(async () => {
  e2e = await startE2E();
  api = await signedInClient(e2e.baseUrl, 'county1');
  // A birth this year, so that the year's births are not all zero.
  await api.call(registryContracts.recordEvent, {
    body: { kind: 'birth', occurredOn: today, motherId: e2e.person('王丽华').id, child: { name: '李小禾', sex: 'female' } },
  });
});
afterAll(async () => {
  await e2e?.close();
});

const total = (r: StatsResult, indicator: string) => r.rows.find((x) => x.indicator === indicator && x.group === null)!;
const shown = (n: number) => n.toLocaleString('zh-CN');

/** The text of an indicator's value in the statistics table. */
async function cell(page: Page, indicator: string): Promise<string> {
  return page.getByTestId('stats-table').getByTestId(`value-${indicator}`).innerText();
}

/** Picks an option of an antd Select (by test id) by its text. */
async function choose(page: Page, testId: string, option: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${option}"]`).click();
}

test('a county officer reads the statistics of the city, drills into a township, sees its pyramid and downloads a report', async () => {
  const shot = screenshots('6-stats');
  const county = await api.call(statsContracts.query, { query: { region: COUNTY, period: year, indicators: 'population,births' } });
  const township = await api.call(statsContracts.query, { query: { region: TOWNSHIP, period: year, indicators: 'population,births' } });
  expect(total(county, 'population').value).toBeGreaterThan(10);
  expect(total(county, 'births').value).toBeGreaterThanOrEqual(1);

  const { page, context } = await e2e.newPage();
  await signIn(page, 'county1');

  // 统计分析 opens on the last complete year; the officer picks the current one.
  await page.getByRole('menuitem', { name: '统计分析' }).click();
  await page.waitForURL(/\/stats/);
  await page.getByTestId('stats-table').getByTestId('value-population').waitFor();
  await choose(page, 'stats-period-year', `${year} 年`);
  await expect.poll(() => page.getByTestId('stats-heading').innerText()).toMatch(new RegExp(`长兴县\\s*·\\s*${year} 年`));
  await expect.poll(() => cell(page, 'population')).toBe(shown(total(county, 'population').value!));
  await expect.poll(() => cell(page, 'births')).toBe(shown(total(county, 'births').value!));
  await page.getByTestId('child-chart').waitFor();
  await shot(page, 'stats-county');

  // The township is one of the county's child regions; a click drills into it, the trail leads back.
  const row = page.getByTestId('child-table').getByRole('button', { name: '雉城街道' });
  await row.waitFor();
  await row.click();
  await page.waitForURL(new RegExp(`region=${TOWNSHIP}`));
  await expect.poll(() => page.getByTestId('stats-heading').innerText()).toContain('雉城街道');
  await expect.poll(() => cell(page, 'population')).toBe(shown(total(township, 'population').value!));
  await expect.poll(() => cell(page, 'births')).toBe(shown(total(township, 'births').value!));
  await page.getByTestId('region-trail').getByRole('link', { name: '长兴县' }).waitFor();
  await shot(page, 'stats-township');

  // The township's pyramid today.
  const pyramid = await api.call(statsContracts.pyramid, { query: { region: TOWNSHIP, date: today } });
  await page.getByRole('tab', { name: '人口金字塔' }).click();
  await page.getByTestId('pyramid').waitFor();
  await expect.poll(async () => Number(await page.getByTestId('pyramid-total').getAttribute('data-value'))).toBe(pyramid.total);
  await shot(page, 'stats-pyramid');

  // Back up to the county through the trail.
  await page.getByTestId('region-trail').getByRole('link', { name: '长兴县' }).click();
  await expect.poll(() => page.getByTestId('stats-heading').innerText()).toMatch(/^长兴县/);

  // 统计报表: the annual report previewed, then downloaded as an Excel workbook.
  await page.getByRole('menuitem', { name: '统计报表' }).click();
  await page.getByTestId('report-preview').waitFor();
  await page.getByTestId('report-table-0').waitFor();
  await shot(page, 'report-preview');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-xlsx').click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const bytes = await readFile((await download.path())!);
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  await context.close();
});

test('the breakdown, comparison, trend and data-quality views render for the county, in Chinese and English', async () => {
  const shot = screenshots('6-stats');
  const { page, context } = await e2e.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, 'county1');
  await page.goto(`/stats?region=${COUNTY}&period=${year}&tab=breakdown`);

  // 分组 by sex: one row per sex, the births of the year split between them.
  await page.getByTestId('breakdown-table').locator('tbody tr.ant-table-row').first().waitFor();
  await expect.poll(() => page.getByTestId('breakdown-table').locator('tbody tr.ant-table-row').count()).toBe(2);
  await shot(page, 'stats-breakdown');

  // 期间对比 with the same period a year earlier: a row per chosen indicator.
  await page.getByRole('tab', { name: '期间对比' }).click();
  await expect.poll(() => page.getByTestId('compare-table').locator('tbody tr.ant-table-row').count()).toBe(7);
  await expect.poll(() => page.getByTestId('compare-table').innerText()).toContain(`${Number(year) - 1} 年`);

  // 趋势: a chart per indicator.
  await page.getByRole('tab', { name: '趋势' }).click();
  await page.getByTestId('trend-population').waitFor();
  await page.getByTestId('trend-births').waitFor();
  await shot(page, 'stats-trend');

  // 数据质量: the checks of the county with their findings.
  const quality = await api.call(statsContracts.quality, { query: { region: COUNTY } });
  await page.getByRole('menuitem', { name: '数据质量' }).click();
  await expect.poll(() => page.getByTestId('quality-checks').locator('tbody tr.ant-table-row').count()).toBe(quality.checks.length);
  await shot(page, 'quality');

  // The English switch: the same page in English.
  await page.getByTestId('lang-switch').click();
  await page.getByRole('menuitem', { name: 'Statistics' }).click();
  await page.getByTestId('stats-table').getByTestId('value-population').waitFor();
  await expect.poll(() => page.getByTestId('stats-table').innerText()).toContain('Numerator');
  await shot(page, 'stats-english');
  await page.getByTestId('lang-switch').click();
  expect(errors).toEqual([]);
  await context.close();
});

test('an anonymous visitor reads the public statistics from the sign-in page', async () => {
  const shot = screenshots('6-stats');
  const { page, context } = await e2e.newPage();
  await page.goto('/login');
  await page.getByRole('link', { name: '人口统计公开数据' }).click();
  await page.waitForURL(/\/public$/);
  await page.getByTestId('public-cards').waitFor();
  // Every published count is a number or "<5"; the population card shows one of them.
  await expect.poll(() => page.getByTestId('public-population').locator('.ant-statistic-content').innerText()).toMatch(/^(<5|[\d,]+)/);
  await shot(page, 'public');
  // Still anonymous: the page did not send the visitor to sign in.
  expect(page.url()).toMatch(/\/public$/);
  await context.close();
});
