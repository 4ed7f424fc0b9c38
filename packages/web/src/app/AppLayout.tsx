import { useState } from 'react';
import { Button, Layout, Menu, Space, Tag, Tooltip, Typography } from 'antd';
import {
  ApiOutlined, AuditOutlined, BarChartOutlined, CloudUploadOutlined, DashboardOutlined, DiffOutlined, FileExcelOutlined, FormOutlined, HistoryOutlined, KeyOutlined,
  LogoutOutlined, SafetyOutlined, SearchOutlined, SettingOutlined, SwapOutlined, TeamOutlined, UnorderedListOutlined, UserOutlined,
} from '@ant-design/icons';
import { FundProjectionScreenOutlined } from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router';
import type { Permission } from '@renkou/core';
import { useI18n } from '../i18n/i18n';
import type { DictKey } from '../i18n/dict';
import { roleName } from '../i18n/labels';
import { useAuth } from './auth';
import { ChangePasswordModal } from '../features/auth/ChangePasswordModal';
import { DemoBanner } from './DemoBanner';
import { LanguageSwitch } from './LanguageSwitch';

export interface MenuEntry {
  readonly path: string;
  readonly label: DictKey;
  readonly permission: Permission;
  readonly icon: React.ReactNode;
  /** Entries of a group are shown under its heading (a sub-menu). */
  readonly group?: MenuGroup;
}

type MenuGroup = 'exchange';
const GROUPS: Readonly<Record<MenuGroup, { label: DictKey; icon: React.ReactNode }>> = {
  exchange: { label: 'menu.exchange', icon: <SwapOutlined /> },
};

/** The menu, built from the permissions of GET /api/v1/auth/me: a role sees only what it may use. */
export const MENU: readonly MenuEntry[] = [
  { path: '/', label: 'menu.dashboard', permission: 'person.read', icon: <DashboardOutlined /> },
  { path: '/persons', label: 'menu.persons', permission: 'person.read', icon: <SearchOutlined /> },
  { path: '/events/new', label: 'menu.events', permission: 'person.write', icon: <FormOutlined /> },
  { path: '/stats', label: 'menu.stats', permission: 'stats.read', icon: <BarChartOutlined /> },
  { path: '/reports', label: 'menu.reports', permission: 'stats.read', icon: <FileExcelOutlined /> },
  { path: '/quality', label: 'menu.quality', permission: 'stats.read', icon: <SafetyOutlined /> },
  { path: '/projection', label: 'menu.projection', permission: 'stats.read', icon: <FundProjectionScreenOutlined /> },
  { path: '/exchange/upload', label: 'menu.exchange.upload', permission: 'exchange.import', icon: <CloudUploadOutlined />, group: 'exchange' },
  { path: '/exchange/imports', label: 'menu.exchange.imports', permission: 'exchange.import', icon: <HistoryOutlined />, group: 'exchange' },
  { path: '/exchange/worklist', label: 'menu.exchange.worklist', permission: 'exchange.import', icon: <UnorderedListOutlined />, group: 'exchange' },
  { path: '/exchange/discrepancies', label: 'menu.exchange.discrepancies', permission: 'stats.read', icon: <DiffOutlined />, group: 'exchange' },
  { path: '/admin/users', label: 'menu.users', permission: 'user.manage', icon: <TeamOutlined /> },
  // After 用户管理, so that the security administrator still lands on the users page.
  { path: '/exchange/partners', label: 'menu.exchange.partners', permission: 'user.manage', icon: <ApiOutlined />, group: 'exchange' },
  { path: '/admin/audit', label: 'menu.audit', permission: 'audit.read', icon: <AuditOutlined /> },
  { path: '/admin/system', label: 'menu.system', permission: 'system.read', icon: <SettingOutlined /> },
];

/** The menu's items: plain entries in order, a group's entries under its heading where its first entry is. */
function menuItems(entries: readonly MenuEntry[], t: (key: DictKey) => string) {
  type Item = { key: string; icon: React.ReactNode; label: string; children?: Item[] };
  const items: Item[] = [];
  const groups = new Map<MenuGroup, Item>();
  for (const m of entries) {
    const item: Item = { key: m.path, icon: m.icon, label: t(m.label) };
    if (!m.group) {
      items.push(item);
      continue;
    }
    let group = groups.get(m.group);
    if (!group) {
      group = { key: `group:${m.group}`, icon: GROUPS[m.group].icon, label: t(GROUPS[m.group].label), children: [] };
      groups.set(m.group, group);
      items.push(group);
    }
    group.children!.push(item);
  }
  return items;
}

function selectedKey(pathname: string, entries: readonly MenuEntry[]): string {
  if (pathname.startsWith('/persons') || pathname.startsWith('/households')) return '/persons';
  const match = entries.filter((e) => e.path !== '/' && pathname.startsWith(e.path));
  return match[0]?.path ?? '/';
}

export function AppLayout() {
  const { t, lang } = useI18n();
  const auth = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [passwordOpen, setPasswordOpen] = useState(false);
  const user = auth.user!;
  const entries = MENU.filter((m) => auth.has(m.permission));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <Layout.Header className="app-header">
        <Typography.Title level={4} className="app-title" onClick={() => void navigate('/')}>
          {t('app.name')}
        </Typography.Title>
        <Space size="middle" className="app-user" data-testid="user-context">
          <span>
            <UserOutlined /> <strong data-testid="user-name">{user.displayName}</strong>
          </span>
          <Tag color="blue" data-testid="user-role">
            {roleName(user.role, lang)}
          </Tag>
          <Tooltip title={`${t('app.region')}: ${user.regionCode}`}>
            <span data-testid="user-region">{user.regionName}</span>
          </Tooltip>
          <LanguageSwitch dark />
          <Button type="text" icon={<KeyOutlined />} style={{ color: 'rgba(255,255,255,0.88)' }} onClick={() => setPasswordOpen(true)} data-testid="change-password">
            {t('app.changePassword')}
          </Button>
          <Button type="text" icon={<LogoutOutlined />} style={{ color: 'rgba(255,255,255,0.88)' }} onClick={() => void auth.signOut()} data-testid="logout">
            {t('app.logout')}
          </Button>
        </Space>
      </Layout.Header>
      <DemoBanner />
      <Layout>
        <Layout.Sider width={196} theme="light" breakpoint="lg" collapsedWidth={56} className="app-sider">
          <nav aria-label={t('app.name')}>
            <Menu
              mode="inline"
              selectedKeys={[selectedKey(location.pathname, entries)]}
              defaultOpenKeys={Object.keys(GROUPS).map((g) => `group:${g}`)}
              items={menuItems(entries, t)}
              onClick={({ key }) => void navigate(key)}
            />
          </nav>
        </Layout.Sider>
        <Layout.Content id="main" className="app-content" tabIndex={-1}>
          <Outlet />
        </Layout.Content>
      </Layout>
      <ChangePasswordModal open={passwordOpen || user.mustChangePassword} forced={user.mustChangePassword} onClose={() => setPasswordOpen(false)} />
    </Layout>
  );
}
