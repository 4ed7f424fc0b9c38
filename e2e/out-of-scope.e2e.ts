import { afterAll, beforeAll, expect, test } from 'vitest';
import { OTHER_TOWNSHIP, screenshots, signIn, startE2E, type E2E } from './harness';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

test('a township officer cannot open a person or household of another township, by link or by search', async () => {
  const shot = screenshots('2-out-of-scope');
  const { page, context } = await e2e.newPage();
  const outsider = e2e.person('赵雪梅');
  expect(outsider.township).toBe(OTHER_TOWNSHIP);
  await signIn(page, e2e.officer.username);
  await page.getByTestId('stat-births').waitFor();

  // By link: the server answers 404 for a record outside the region; the page says so plainly.
  await page.goto(`/persons/${outsider.id}`);
  await page.getByTestId('no-access').waitFor();
  await expect.poll(() => page.getByTestId('no-access').innerText()).toContain('无法查看该记录');
  expect(await page.getByText('赵雪梅').count()).toBe(0);
  await shot(page, 'person-by-link');

  await page.goto(`/households/${outsider.householdId}`);
  await page.getByTestId('no-access').waitFor();
  await shot(page, 'household-by-link');

  // A record that does not exist at all looks the same (no way to tell them apart).
  await page.goto('/persons/999999');
  await page.getByTestId('no-access').waitFor();

  // By search: the name and the exact ID number find nobody in this officer's region.
  await page.getByRole('button', { name: '返回人员查询' }).click();
  await page.getByLabel('姓名或拼音').fill('赵雪梅');
  await page.getByTestId('search-submit').click();
  await page.getByText('在您的管辖范围内没有找到符合条件的人员').waitFor();
  await shot(page, 'search-by-name');

  await page.getByLabel('姓名或拼音').fill('');
  await page.getByLabel('身份证号').fill(outsider.idNumber!);
  await page.getByTestId('search-submit').click();
  await page.getByText('在您的管辖范围内没有找到符合条件的人员').waitFor();
  await shot(page, 'search-by-id');

  // A person of the officer's own township is found the same way.
  const insider = e2e.person('李建国');
  await page.getByTestId('search-id').fill(insider.idNumber!);
  await page.getByTestId('search-submit').click();
  await page.getByTestId('search-results').getByRole('link', { name: '李建国' }).waitFor();

  // A search narrowed to the other township (a link someone sent) is refused, not silently empty.
  await page.goto(`/persons?q=${encodeURIComponent('赵')}&region=${OTHER_TOWNSHIP}`);
  await page.getByTestId('no-access').waitFor();
  await shot(page, 'search-other-region');

  // The region picker offers only the officer's own township and its villages.
  await page.getByRole('menuitem', { name: '人员查询' }).click();
  await page.getByLabel('限定区划').click();
  await page.locator('.ant-select-tree').getByText('雉城街道').waitFor();
  await page.locator('.ant-select-tree').getByText('钮店湾居委会').waitFor();
  expect(await page.locator('.ant-select-tree').getByText('洪桥镇').count()).toBe(0);
  await shot(page, 'region-picker-tree');
  await page.getByLabel('限定区划').fill('hongqiaozhen');
  await page.getByText('没有匹配的区划').waitFor();
  await shot(page, 'region-picker-scope');
  await context.close();
});
