import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createClient, type Client } from '@renkou/client';
import { authContracts, projectionContracts, type RegionProjectionRequest } from '@renkou/core';
import { COUNTY, PASSWORD, screenshots, signIn, startE2E, type E2E } from './harness';

let e2e: E2E;
let api: Client;

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
});
afterAll(async () => {
  await e2e?.close();
});

const project = (body: RegionProjectionRequest) => api.call(projectionContracts.project, { query: { format: 'json' }, body });

test('a county officer projects the county, sees what was borrowed, compares a higher-fertility scenario, plays the pyramid and exports it', async () => {
  const shot = screenshots('8-projection');
  // What the page sends by default: the officer's county, 25 years, 3 input years, one scenario.
  const base = await project({ region: COUNTY, horizon: 25, inputYears: 3, scenarios: [{ name: '现行水平' }] });
  // The e2e city has a few dozen people: its rates cannot be its own.
  expect(base.inputs.borrowed.length).toBeGreaterThan(0);

  const { page, context } = await e2e.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, 'county1');
  await page.getByRole('menuitem', { name: '人口预测' }).click();
  await page.waitForURL(/\/projection$/);
  await expect.poll(() => page.getByTestId('scenario-0-name').inputValue()).toBe('现行水平');

  // The default projection: the base population is the API's, and the page says it borrowed.
  await page.getByTestId('projection-run').click();
  const population = page.getByTestId('projection-base-population');
  await population.waitFor();
  await expect.poll(async () => Number(await population.getAttribute('data-value'))).toBe(base.inputs.population);
  expect(await population.innerText()).toBe(base.inputs.population.toLocaleString('zh-CN'));
  const borrowed = page.getByTestId('projection-borrowed');
  await expect.poll(() => borrowed.locator('li').count()).toBe(base.inputs.borrowed.length);
  const notice = await borrowed.innerText();
  expect(notice).toContain('借用');
  for (const b of base.inputs.borrowed) expect(notice).toContain(b.reason.zh);
  await page.getByTestId('projection-pyramid-chart').waitFor();
  await page.getByTestId('projection-chart-total').waitFor();
  await shot(page, 'default-run');

  // A comparison scenario: the proposed childcare subsidy, its TFR target raised to 1.8 in 2030.
  await page.getByTestId('projection-add-scenario').click();
  await page.getByTestId('scenario-1').waitFor();
  await expect.poll(() => page.getByTestId('scenario-1-tfr-year-1').inputValue()).toBe('2030');
  const startValue = Number(await page.getByTestId('scenario-1-tfr-value-0').inputValue());
  expect(startValue).toBeCloseTo(base.inputs.tfr, 2);
  // An empty year is refused before anything is sent, on its cell.
  await page.getByTestId('scenario-1-tfr-year-1').fill('');
  await page.getByTestId('scenario-1-tfr-year-1').blur();
  await page.getByTestId('projection-run').click();
  await page.getByTestId('projection-invalid').waitFor();
  await expect.poll(() => page.getByTestId('scenario-1-tfr').getByTestId('path-error').innerText()).toBe('必填');
  await page.getByTestId('scenario-1-tfr-year-1').fill('2030');
  await page.getByTestId('scenario-1-tfr-year-1').blur();
  await expect.poll(() => page.getByTestId('projection-invalid').count()).toBe(0);
  await page.getByTestId('scenario-1-tfr-value-1').fill('1.8');
  await page.getByTestId('scenario-1-tfr-value-1').blur();
  expect(1.8).toBeGreaterThan(base.inputs.tfr);
  await shot(page, 'comparison-scenario');
  await page.getByTestId('projection-run').click();

  // 人口影响评估: more births in the first projected year, as the API computes for the same body.
  const compared = await project({
    region: COUNTY,
    horizon: 25,
    inputYears: 3,
    scenarios: [{ name: '现行水平' }, { name: '育儿补贴', tfr: [{ year: base.baseYear, value: startValue }, { year: 2030, value: 1.8 }] }],
  });
  const firstYear = base.baseYear + 1;
  const expected = compared.comparison!.find((c) => c.year === firstYear)!.difference.births!;
  expect(expected).toBeGreaterThan(0);
  const births = page.getByTestId(`impact-births-${firstYear}`);
  await births.waitFor();
  await expect.poll(async () => Number(await births.getAttribute('data-value'))).toBeCloseTo(expected, 6);
  await expect.poll(async () => Number(await page.getByTestId('impact-summary').getAttribute('data-births'))).toBeGreaterThan(0);
  expect(await page.getByTestId('impact-summary').innerText()).toMatch(new RegExp(`到 ${base.baseYear + 25} 年，“育儿补贴”比“现行水平”累计多出生`));
  await page.getByTestId('projection-impact').scrollIntoViewIfNeeded();
  await shot(page, 'impact');

  // The pyramid: the slider moves to the horizon and back a year.
  const year = page.getByTestId('pyramid-year');
  const handle = page.getByTestId('pyramid-slider').getByRole('slider');
  await handle.scrollIntoViewIfNeeded();
  await expect.poll(async () => Number(await year.getAttribute('data-value'))).toBe(base.baseYear);
  await handle.focus();
  await handle.press('End');
  await expect.poll(async () => Number(await year.getAttribute('data-value'))).toBe(base.baseYear + 25);
  await handle.press('ArrowLeft');
  await expect.poll(async () => Number(await year.getAttribute('data-value'))).toBe(base.baseYear + 24);
  await shot(page, 'pyramid-moved');
  // Play from the base year: about four years a second; pause holds the year.
  await handle.press('Home');
  await expect.poll(async () => Number(await year.getAttribute('data-value'))).toBe(base.baseYear);
  await page.getByTestId('pyramid-play').click();
  await expect.poll(async () => Number(await year.getAttribute('data-value')), { timeout: 5_000 }).toBeGreaterThanOrEqual(base.baseYear + 3);
  await page.getByTestId('pyramid-play').click();
  await expect.poll(() => page.getByTestId('pyramid-play').getAttribute('aria-pressed')).toBe('false');
  const paused = Number(await year.getAttribute('data-value'));
  expect(paused).toBeLessThan(base.baseYear + 25);
  await page.waitForTimeout(600);
  expect(Number(await year.getAttribute('data-value'))).toBe(paused);
  await shot(page, 'pyramid-paused');

  // The line charts and the yearly table of both scenarios.
  await page.getByTestId('projection-chart-total').scrollIntoViewIfNeeded();
  await page.getByTestId('projection-chart-dependency').waitFor();
  await shot(page, 'charts');
  await page.getByTestId('projection-years').scrollIntoViewIfNeeded();
  await expect.poll(() => page.getByTestId('projection-years').locator('tbody tr.ant-table-row').count()).toBe(26);
  await shot(page, 'year-table');

  // The export: the same body as .xlsx, saved by the browser.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('projection-export').click()]);
  expect(download.suggestedFilename()).toMatch(/人口预测.*\.xlsx$/);
  const bytes = await readFile((await download.path())!);
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');

  // In English, the notice gives the server's reasons in English.
  await page.getByTestId('lang-switch').click();
  await expect.poll(() => borrowed.innerText()).toContain(base.inputs.borrowed[0]!.reason.en);
  await page.getByTestId('projection-inputs').scrollIntoViewIfNeeded();
  await shot(page, 'english');
  await page.getByTestId('lang-switch').click();
  expect(errors).toEqual([]);
  await context.close();
});
