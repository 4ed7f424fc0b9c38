import { afterAll, beforeAll, expect, test } from 'vitest';
import { screenshots, signIn, startE2E, type E2E } from './harness';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

/** Reads a dashboard number (antd Statistic) by its test id. */
async function statValue(page: import('playwright-core').Page, testId: string): Promise<number> {
  const text = await page.getByTestId(testId).locator('.ant-statistic-content-value').innerText();
  return Number(text.replace(/[^\d.]/g, ''));
}

test('a township officer finds a mother, records a birth, and sees it in her timeline and on the dashboard', async () => {
  const shot = screenshots('1-record-birth');
  const { page, context } = await e2e.newPage();
  const mother = e2e.person('王丽华');

  await page.goto('/login');
  await page.getByLabel('用户名').waitFor();
  await shot(page, 'login');
  await signIn(page, e2e.officer.username);

  // The header names the user, the role and the region.
  await expect.poll(() => page.getByTestId('user-name').innerText()).toBe('陈晓明');
  await expect.poll(() => page.getByTestId('user-role').innerText()).toContain('乡镇');
  await expect.poll(() => page.getByTestId('user-region').innerText()).toContain('雉城街道');

  // Dashboard: this year's births before.
  await page.getByTestId('stat-births').waitFor();
  await page.getByTestId('pyramid').waitFor();
  const birthsBefore = await statValue(page, 'stat-births');
  const populationBefore = await statValue(page, 'stat-population');
  expect(populationBefore).toBeGreaterThan(10);
  await shot(page, 'dashboard-before');

  // Search by a name prefix.
  await page.getByRole('menuitem', { name: '人员查询' }).click();
  await page.getByLabel('姓名或拼音').fill('王丽');
  await page.getByTestId('search-submit').click();
  const row = page.getByTestId('search-results').getByRole('link', { name: '王丽华' });
  await row.waitFor();
  await shot(page, 'search-results');

  // Pinyin works too.
  await page.getByLabel('姓名或拼音').fill('wangli');
  await page.getByTestId('search-submit').click();
  await page.getByTestId('search-results').getByRole('link', { name: '王丽华' }).waitFor();

  // The person page: masked ID, family links, timeline with the marriage.
  await page.getByTestId('search-results').getByRole('link', { name: '王丽华' }).click();
  await page.getByTestId('person-name').waitFor();
  await expect.poll(() => page.getByTestId('id-number').innerText()).toMatch(/^330522\*{8}\d{3}[\dX]$/);
  await page.getByTestId('family').getByRole('link', { name: '李建国' }).waitFor();
  await page.getByTestId('family').getByRole('link', { name: '李思远' }).waitFor();
  await page.getByTestId('event-marriage').waitFor();
  await shot(page, 'mother-before');
  expect(page.url()).toContain(`/persons/${mother.id}`);

  // Record a birth from her page: the mother is filled in.
  await page.getByTestId('record-event').hover();
  await page.getByRole('menuitem', { name: '出生' }).click();
  await page.waitForURL(/\/events\/new\?kind=birth/);
  await expect.poll(() => page.getByTestId('motherId').innerText()).toContain('王丽华');
  await page.getByTestId('event-submit').click();
  // The browser checks the form with core's schema: the newborn's name and sex are required.
  await expect.poll(() => page.locator('.ant-form-item-explain-error').count()).toBeGreaterThanOrEqual(2);
  await shot(page, 'birth-form-errors');
  await page.getByLabel('姓名', { exact: true }).fill('李小满');
  await page.getByTestId('child-sex').getByText('女', { exact: true }).click();
  await shot(page, 'birth-form-filled');
  await page.getByTestId('event-submit').click();

  // Back on the mother's page: the birth is in her timeline, the newborn among her children.
  await page.waitForURL(new RegExp(`/persons/${mother.id}$`));
  await page.getByTestId('family').getByRole('link', { name: '李小满' }).waitFor();
  const birth = page.getByTestId('timeline').getByTestId('event-birth');
  await birth.waitFor();
  await expect.poll(() => birth.innerText()).toContain('李小满');
  await shot(page, 'mother-after');

  // The newborn's own page links back to the mother and the household.
  await page.getByTestId('family').getByRole('link', { name: '李小满' }).click();
  await page.getByTestId('person-name').waitFor();
  await expect.poll(() => page.getByTestId('person-name').innerText()).toContain('李小满');
  await page.getByTestId('family').getByRole('link', { name: '王丽华' }).waitFor();
  await shot(page, 'newborn');
  await page.getByTestId('household-link').click();
  await page.getByTestId('household-members').getByRole('link', { name: '李小满' }).waitFor();
  await shot(page, 'household');

  // The dashboard counts the birth at once.
  await page.getByRole('menuitem', { name: '首页概览' }).click();
  await expect.poll(() => statValue(page, 'stat-births')).toBe(birthsBefore + 1);
  await expect.poll(() => statValue(page, 'stat-population')).toBe(populationBefore + 1);
  await page.getByTestId('latest-events').getByRole('link', { name: '李小满' }).first().waitFor();
  await shot(page, 'dashboard-after');

  // The English switch is remembered.
  await page.getByTestId('lang-switch').click();
  await page.getByRole('menuitem', { name: 'Dashboard' }).waitFor();
  await page.reload();
  await page.getByRole('menuitem', { name: 'Find a person' }).waitFor();
  await shot(page, 'dashboard-english');
  await page.getByTestId('lang-switch').click();
  await context.close();
});
