import { afterAll, beforeAll, expect, test } from 'vitest';
import { TOWNSHIP, screenshots, signIn, startE2E, type E2E } from './harness';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

test('repeated wrong passwords lock the account, and the security administrator unlocks it', async () => {
  const shot = screenshots('4-lock-expire');
  const victim = await e2e.user('township_officer', TOWNSHIP, { username: 'lockme', displayName: '周小红' });
  const secadmin = await e2e.user('security_admin', '33', { username: 'secadmin1', displayName: '安全员甲', holder: 'S-001' });
  const { page, context } = await e2e.newPage();

  await page.goto('/login');
  // The e2e server locks after 3 failures (RENKOU_MAX_FAILED_LOGINS).
  for (let i = 0; i < 3; i++) {
    await page.getByLabel('用户名').fill(victim.username);
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect.poll(() => page.getByTestId('login-error').getAttribute('data-code')).toBe('LOGIN_FAILED');
    if (i === 0) await shot(page, 'wrong-password');
  }
  await expect.poll(() => page.getByTestId('login-error').innerText()).toContain('用户名或密码错误');
  // Even the right password is refused now, with the reason and the time the lock ends.
  await page.getByLabel('密码').fill('Test-Passw0rd!');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect.poll(() => page.getByTestId('login-error').getAttribute('data-code')).toBe('ACCOUNT_LOCKED');
  await expect.poll(() => page.getByTestId('login-error').innerText()).toContain('账号已锁定');
  await shot(page, 'account-locked');

  // The security administrator (password + authenticator code) sees the lock and lifts it.
  await signIn(page, secadmin.username, { totp: () => e2e.totp(secadmin) });
  await page.waitForURL(/\/admin\/users$/);
  // User management and the partner systems (their API keys are credentials), nothing with personal data.
  expect(await page.getByRole('menuitem').allInnerTexts()).toEqual(['用户管理', '数据交换', '交换伙伴']);
  const row = page.getByTestId('users-table').locator('tbody tr', { hasText: 'lockme' });
  await row.getByText('已锁定').waitFor();
  await shot(page, 'users-locked');
  await row.getByRole('button', { name: /解\s*锁/ }).click();
  await row.getByText('正常').waitFor();

  // Creating a user: the region picker offers regions at the role's level; the one-time password shows once.
  await page.getByTestId('create-user').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('用户名').fill('cunwei01');
  await dialog.getByLabel('姓名').fill('孙立平');
  await dialog.getByLabel('工号（持有人）').fill('V-0001');
  await dialog.getByLabel('角色').click();
  await page.getByTitle('村(居)专干').click();
  // A village is found by its name (or pinyin) among the province's 20,000-odd villages.
  await dialog.getByLabel('管辖区划').click();
  await dialog.getByLabel('管辖区划').fill('钮店湾');
  const found = page.locator('.ant-select-tree').getByText(/雉城街道 \/ 钮店湾居委会/);
  await found.waitFor();
  await shot(page, 'create-user-region-search');
  await found.click();
  await expect.poll(() => dialog.locator('#createUser_regionCode').locator('xpath=../..').innerText()).toContain('钮店湾居委会');
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await page.getByTestId('one-time-password').waitFor();
  await shot(page, 'user-created');
  await page.getByTestId('secret-close').click();
  await page.getByTestId('users-table').locator('tbody tr', { hasText: 'cunwei01' }).waitFor();
  await page.getByTestId('logout').click();
  await page.getByTestId('login-notice').waitFor();

  // The unlocked user signs in again.
  await signIn(page, victim.username);
  await page.getByTestId('stat-births').waitFor();
  await context.close();
});

test('an expired session sends the user back to sign in with a clear message', async () => {
  const shot = screenshots('4-lock-expire');
  const { page, context } = await e2e.newPage();
  await signIn(page, e2e.officer.username);
  await page.getByTestId('stat-births').waitFor();

  // The session ends on the server (idle timeout, or disabled by an administrator).
  await e2e.db.ownerPool.query('UPDATE session SET ended_at = now() WHERE user_id = $1 AND ended_at IS NULL', [e2e.officer.id]);
  // The server keeps a resolved session for up to 5 s; the next call after that meets the ended session.
  await page.waitForTimeout(5_500);

  // Any call now meets the ended session: opening the search page loads the region picker's tree.
  await page.getByRole('menuitem', { name: '人员查询' }).click();
  await page.waitForURL(/\/login$/);
  await expect.poll(() => page.getByTestId('login-notice').innerText()).toBe('会话已过期，请重新登录');
  await shot(page, 'session-expired');

  // Signing in again returns to work.
  await signIn(page, e2e.officer.username);
  await page.getByTestId('user-context').waitFor();
  await context.close();
});

test('the system administrator sees health and settings', async () => {
  const shot = screenshots('4-lock-expire');
  const sysadmin = await e2e.user('system_admin', '33', { username: 'sysadmin1', displayName: '系统员甲', holder: 'Y-001' });
  const { page, context } = await e2e.newPage();
  await signIn(page, sysadmin.username, { totp: () => e2e.totp(sysadmin) });
  await page.waitForURL(/\/admin\/system$/);
  await page.getByTestId('health').getByText('PostgreSQL').waitFor();
  await page.getByTestId('settings').getByText('连续失败 3 次').waitFor();
  await shot(page, 'system');
  // No personal data for the three administrators.
  await page.goto('/persons');
  await page.getByTestId('no-access').waitFor();
  await context.close();
});
