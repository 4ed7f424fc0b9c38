import { afterAll, beforeAll, expect, test } from 'vitest';
import { screenshots, signIn, startE2E, type E2E } from './harness';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

test('revealing an ID number asks for a reason, and the audit administrator finds the record', async () => {
  const shot = screenshots('3-reveal-audit');
  const mother = e2e.person('王丽华');
  const reason = '核对出生医学证明上的母亲身份';
  const auditor = await e2e.user('audit_admin', '33', { username: 'auditadmin1', displayName: '审计员甲', holder: 'A-001' });
  expect(auditor.totpSecret).toBeTruthy();

  const { page, context } = await e2e.newPage();
  await signIn(page, e2e.officer.username);
  await page.goto(`/persons/${mother.id}`);
  await expect.poll(() => page.getByTestId('id-number').innerText()).toMatch(/\*{8}/);

  // The reveal button opens a dialog that asks why; an empty or too short reason is refused in the browser.
  await page.getByTestId('reveal-button').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('查看事由').waitFor();
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await dialog.locator('.ant-form-item-explain-error').waitFor();
  await dialog.getByLabel('查看事由').fill('核对');
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await expect.poll(() => dialog.locator('.ant-form-item-explain-error').innerText()).toContain('4');
  await shot(page, 'reveal-reason-required');
  await dialog.getByLabel('查看事由').fill(reason);
  await shot(page, 'reveal-reason');
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await expect.poll(() => page.getByTestId('id-number').innerText()).toBe(mother.idNumber);
  await shot(page, 'revealed');

  await page.getByTestId('logout').click();
  await page.getByTestId('login-notice').waitFor();
  await context.close();

  // The audit administrator signs in with a password and then the authenticator code.
  const second = await e2e.newPage();
  const p2 = second.page;
  await p2.goto('/login');
  await p2.getByLabel('用户名').fill(auditor.username);
  await p2.getByLabel('密码').fill('Test-Passw0rd!');
  await p2.getByRole('button', { name: /登\s*录/ }).click();
  await p2.getByLabel('动态口令').waitFor();
  await shot(p2, 'login-totp');
  await p2.getByLabel('动态口令').fill(e2e.totp(auditor));
  await p2.getByRole('button', { name: /登\s*录/ }).click();

  // Administrators land on their own page; the menu shows only the audit log.
  await p2.waitForURL(/\/admin\/audit$/);
  expect(await p2.getByRole('menuitem').allInnerTexts()).toEqual(['审计日志']);
  await p2.getByTestId('audit-table').waitFor();
  await shot(p2, 'audit-all');

  await p2.getByLabel('用户名').fill(e2e.officer.username);
  await p2.getByLabel('操作').fill('person.reveal_id');
  await p2.keyboard.press('Escape');
  await p2.getByTestId('audit-search').click();
  const row = p2.getByTestId('audit-table').locator('tbody tr', { hasText: reason });
  await row.waitFor();
  await expect.poll(() => row.innerText()).toContain(`person #${mother.id}`);
  await expect.poll(() => p2.getByTestId('audit-table').locator('tbody tr.ant-table-row').count()).toBe(1);
  await shot(p2, 'audit-reveal-found');

  // The audit administrator reads no personal data: the registry is not in reach.
  await p2.goto(`/persons/${mother.id}`);
  await p2.getByTestId('no-access').waitFor();
  await shot(p2, 'auditor-no-registry');
  await second.context.close();
});
