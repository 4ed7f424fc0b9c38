import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { createClient, type Client } from '@renkou/client';
import { authContracts, buildIdNumber, exchangeContracts, registryContracts, todayInChina } from '@renkou/core';
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
});
afterAll(async () => {
  await e2e?.close();
});

const HEADER = '出生医学证明编号,新生儿姓名,新生儿性别,出生日期,助产机构,母亲姓名,母亲身份证号,家庭住址区划代码';

/** Chooses a file for the antd Upload of the page (the browser sends its bytes itself). */
async function chooseFile(page: Page, name: string, content: string): Promise<void> {
  await page.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') });
  await page.getByText(name).waitFor();
}

const count = async (page: Page, key: string) => Number(await page.getByTestId(`batch-${key}`).getAttribute('data-value'));

test('a county officer uploads birth certificates, reads the rejected rows, rejects a worklist record and sees the discrepancy and the error rate', async () => {
  const shot = screenshots('7-exchange');
  const mother = e2e.person('王丽华');
  expect(mother.idNumber).toBeTruthy();
  // A woman the registry does not know (no seeded ID uses sequence 998).
  const strangerId = buildIdNumber(COUNTY, '1995-04-12', 998);
  const csv = [
    HEADER,
    `E2E-BC-0001,李小溪,女,${today},长兴县人民医院,王丽华,${mother.idNumber},${TOWNSHIP}`,
    `E2E-BC-0002,孙一诺,男,${today},长兴县人民医院,孙美琪,${strangerId},${TOWNSHIP}`,
    `E2E-BC-0003,周小雨,女,${today},长兴县人民医院,周晓燕,3.30522E+17,${TOWNSHIP}`,
  ].join('\r\n');

  const { page, context } = await e2e.newPage();
  await signIn(page, 'county1');

  // 数据交换 → 上传导入: the columns of the chosen feed and the note on Excel IDs are at hand.
  await page.getByRole('menuitem', { name: '上传导入' }).click();
  await page.waitForURL(/\/exchange\/upload/);
  await page.getByTestId('columns-help').getByText('出生医学证明（医院）').click();
  await page.getByTestId('columns-table').getByText('出生医学证明编号').waitFor();
  await page.getByTestId('excel-note').waitFor();
  await expect.poll(() => page.getByTestId('excel-note').innerText()).toContain('3.30522E+17');
  await shot(page, 'upload-help');

  // A file without the mother's name: nothing is imported, and the message names the missing column.
  await chooseFile(page, '缺列.csv', `出生医学证明编号,新生儿姓名,新生儿性别,出生日期,助产机构,家庭住址区划代码\r\nE2E-X-1,李一,女,${today},长兴县人民医院,${TOWNSHIP}`);
  await page.getByTestId('upload-submit').click();
  const error = page.getByTestId('api-error');
  await error.waitFor();
  expect(await error.getAttribute('data-code')).toBe('MISSING_COLUMNS');
  await expect.poll(() => error.innerText()).toContain('母亲姓名');
  await shot(page, 'upload-missing-columns');

  // The real file: one birth applied, one for a clerk, one rejected.
  await chooseFile(page, '出生医学证明.csv', csv);
  await page.getByTestId('upload-submit').click();
  await page.getByTestId('upload-result').waitFor();
  expect(await page.getByTestId('api-error').count()).toBe(0);
  expect(await count(page, 'received')).toBe(3);
  expect(await count(page, 'valid')).toBe(2);
  expect(await count(page, 'applied')).toBe(1);
  expect(await count(page, 'alreadyApplied')).toBe(0);
  expect(await count(page, 'rejected')).toBe(1);
  expect(await count(page, 'worklist')).toBe(1);
  const batchId = Number(await page.getByTestId('batch-summary').getAttribute('data-batch'));
  const batches = await api.call(exchangeContracts.batches, {});
  expect(batches.items[0]).toMatchObject({ batchId, received: 3, applied: 1, rejected: 1, worklist: 1, encoding: 'utf-8', fileName: '出生医学证明.csv' });
  await shot(page, 'upload-summary');

  // 导入记录: the batch's drawer lists the rejected row with the Excel reason, and hands back the .xlsx.
  await page.getByTestId('link-rejected').click();
  await page.waitForURL(new RegExp(`/exchange/imports\\?batch=${batchId}`));
  const rejected = page.getByTestId('rejected-table');
  await rejected.locator('tbody tr.ant-table-row').first().waitFor();
  await expect.poll(() => rejected.innerText()).toContain('Excel');
  await expect.poll(() => rejected.innerText()).toContain('科学计数法');
  expect(await rejected.locator('tbody tr.ant-table-row').first().locator('td').first().innerText()).toBe('4');
  await shot(page, 'imports-rejected');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-rejected').click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const bytes = await readFile((await download.path())!);
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  await page.locator('.ant-drawer-close').click();
  await page.waitForURL(/\/exchange\/imports$/);
  await page.getByTestId('imports-table').locator(`tr[data-row-key="${batchId}"]`).waitFor();
  await shot(page, 'imports');

  // 待核对: the unknown mother's certificate, with her ID masked; the clerk rejects it with a comment.
  await page.getByRole('menuitem', { name: '待核对' }).click();
  await page.waitForURL(/\/exchange\/worklist/);
  const row = page.getByTestId('worklist-table').locator(`tr[data-row-key="${batchId}:3"]`);
  await row.waitFor();
  await expect.poll(() => row.innerText()).toContain('E2E-BC-0002');
  await row.click();
  const record = page.getByTestId('worklist-record');
  await record.waitFor();
  await expect.poll(() => record.innerText()).toContain('孙美琪');
  const shownId = await record.locator('[data-field="motherIdNumber"]').innerText();
  expect(shownId).toMatch(/\*/);
  expect(shownId).not.toContain(strangerId);
  await page.getByTestId('decide-create').isDisabled().then((d) => expect(d).toBe(true));
  await shot(page, 'worklist-record');
  await page.getByTestId('decide-reject').click();
  const comment = page.getByTestId('decision-comment');
  await comment.fill('退');
  await page.getByTestId('decision-ok').click();
  await page.getByText('核对意见至少 2 个字').waitFor();
  await comment.fill('母亲不在本县登记，退回医院核实');
  await shot(page, 'worklist-reject');
  await page.getByTestId('decision-ok').click();
  await page.getByTestId('decision-modal').waitFor({ state: 'hidden' });
  await page.getByTestId('worklist-table').getByText('没有待核对的记录').waitFor();
  expect((await api.call(exchangeContracts.worklist, {})).total).toBe(0);
  await shot(page, 'worklist-empty');

  // 比对差异: the applied birth is a birth the registry had missed; the error rate counts it.
  const expected = await api.call(exchangeContracts.errorRate, { query: { region: COUNTY, period: year } });
  expect(expected.total).toMatchObject({ checked: 1, missing: 1, wrong: 0, unresolved: 0 });
  await page.getByRole('menuitem', { name: '比对差异' }).click();
  await page.waitForURL(/\/exchange\/discrepancies/);
  const missing = page.getByTestId('disc-count-birth_missing_in_registry');
  await expect.poll(async () => Number(await missing.getAttribute('data-value'))).toBeGreaterThanOrEqual(1);
  const item = page.getByTestId('disc-table').locator('tr.ant-table-row', { hasText: '李小溪' });
  await item.waitFor();
  await expect.poll(() => item.innerText()).toContain('漏报出生');
  expect(await item.getByRole('link', { name: '李小溪' }).getAttribute('href')).toMatch(/^\/persons\/\d+$/);
  await expect.poll(() => page.getByTestId('error-rate-value').innerText()).toContain('100.00%');
  await expect.poll(() => page.getByTestId('error-rate-table-total').innerText()).toContain('100.00%');
  await page.getByTestId('error-rate-table').locator('tr.ant-table-row', { hasText: '雉城街道' }).waitFor();
  await shot(page, 'discrepancies');
  // In English the kinds keep their meaning.
  await page.getByTestId('lang-switch').click();
  await expect.poll(() => item.innerText()).toContain('Birth missing in the registry');
  await page.getByTestId('error-rate').getByText('Statistical error rate').waitFor();
  await shot(page, 'discrepancies-english');
  await page.getByTestId('lang-switch').click();
  await expect.poll(() => item.innerText()).toContain('漏报出生');

  // The same rate on the data-quality page (its own card) and on the statistics page (a small number).
  await page.getByRole('menuitem', { name: '数据质量' }).click();
  await page.waitForURL(/\/quality/);
  await page.getByTestId('quality-checks').waitFor();
  // The page opens on the last complete month; the birth is this year's.
  await page.getByTestId('quality-period-kind').getByText('年', { exact: true }).click();
  await page.getByTestId('quality-period-year').click();
  await page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${year} 年"]`).click();
  await expect.poll(() => page.getByTestId('error-rate-value').innerText()).toContain('100.00%');
  await page.getByTestId('error-rate').scrollIntoViewIfNeeded();
  await shot(page, 'quality-error-rate');
  await page.goto(`/stats?region=${COUNTY}&period=${year}`);
  await expect.poll(() => page.getByTestId('error-rate-inline').innerText()).toContain('100.00%');
  await shot(page, 'stats-error-rate');
  await context.close();
});

test('a county officer confirms a death registration against the candidate the linkage found', async () => {
  const shot = screenshots('7-exchange');
  const grandmother = e2e.person('李秀兰');
  // No ID and a birth date one day off: the registry's 李秀兰 is a candidate, not a sure match.
  const csv = ['死亡登记编号,姓名,公民身份号码,性别,出生日期,死亡日期,根本死因编码,常住地区划代码', `E2E-SW-0001,李秀兰,,女,1958-10-02,${today},I21.9,${TOWNSHIP}`].join('\r\n');
  const { page, context } = await e2e.newPage();
  await signIn(page, 'county1');
  await page.goto('/exchange/upload?kind=death_registration');
  await expect.poll(() => page.getByTestId('upload-kind').innerText()).toContain('死亡登记');
  await chooseFile(page, '死亡登记.csv', csv);
  await page.getByTestId('upload-submit').click();
  await page.getByTestId('upload-result').waitFor();
  expect(await count(page, 'worklist')).toBe(1);
  await page.getByTestId('link-worklist').click();
  await page.waitForURL(/\/exchange\/worklist\?kind=death_registration/);

  const row = page.getByTestId('worklist-table').locator('tr.ant-table-row', { hasText: 'E2E-SW-0001' });
  await row.click();
  const candidate = page.getByTestId('worklist-candidates').locator(`tr[data-row-key="${grandmother.id}"]`);
  await candidate.waitFor();
  // The name agrees with the record, the birth date does not.
  expect(await candidate.locator('[data-field="name"]').getAttribute('data-compare')).toBe('agree');
  expect(await candidate.locator('[data-field="birthDate"]').getAttribute('data-compare')).toBe('differ');
  await candidate.click();
  await shot(page, 'worklist-candidates');
  await page.getByTestId('decide-accept').click();
  await page.getByTestId('decision-comment').fill('与家属核实，出生日期以户籍为准');
  await page.getByTestId('decision-ok').click();
  await page.getByTestId('decision-done').getByRole('link').waitFor();
  expect(await page.getByTestId('decision-done').getByRole('link').getAttribute('href')).toBe(`/persons/${grandmother.id}`);
  await page.getByTestId('worklist-table').getByText('没有待核对的记录').waitFor();
  const person = await api.call(registryContracts.getPerson, { params: { id: grandmother.id } });
  expect(person.status).toBe('dead');
  await shot(page, 'worklist-accepted');
  await context.close();
});

test('the security administrator registers a partner system and sees its key once', async () => {
  const shot = screenshots('7-exchange');
  const secadmin = await e2e.user('security_admin', '33', { username: 'secadmin7', displayName: '安全员乙', holder: 'S-007' });
  const { page, context } = await e2e.newPage();
  await signIn(page, secadmin.username, { totp: () => e2e.totp(secadmin) });
  // Only the partners page of the group: no uploads for an administrator without personal data.
  await page.getByRole('menuitem', { name: '交换伙伴' }).click();
  await page.waitForURL(/\/exchange\/partners/);
  expect(await page.getByRole('menuitem', { name: '上传导入' }).count()).toBe(0);
  await page.getByTestId('create-partner').click();
  await page.getByTestId('partner-name').fill('长兴县人民医院');
  await page.getByTestId('partner-kind').click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="出生医学证明（医院）"]').click();
  // The county is found by its name in the province's tree.
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('区划').click();
  await dialog.getByLabel('区划').fill('长兴县');
  const found = page.locator('.ant-select-tree').getByText(/湖州市 \/ 长兴县$/);
  await found.waitFor();
  await found.click();
  await expect.poll(() => dialog.locator('#createPartner_regionCode').locator('xpath=../..').innerText()).toContain('长兴县');
  await page.getByRole('button', { name: /保\s*存/ }).click();
  const key = page.getByTestId('api-key');
  await key.waitFor();
  expect(await key.innerText()).toMatch(/^rk_/);
  await shot(page, 'partner-key');
  await page.getByTestId('api-key-close').click();
  await page.getByTestId('partners-table').getByText('长兴县人民医院').waitFor();
  // Closed, the key is gone from the page for good.
  await key.waitFor({ state: 'detached' });
  await context.close();
});
