import { PERMISSIONS, ROLE_NAMES, ROLE_PERMISSIONS, ROLES, THREE_OFFICERS, type Permission } from './roles';

/** What each permission allows, for the generated table in docs/domain/permissions.md. */
export const PERMISSION_DESCRIPTIONS: Readonly<Record<Permission, { zh: string; en: string }>> = {
  'region.read': { zh: '查看行政区划', en: 'read the region hierarchy' },
  'person.read': { zh: '查询、查看辖区内人员（身份证号脱敏）', en: 'search and read persons in the own region (ID masked)' },
  'person.write': { zh: '登记人员、户和人口事件', en: 'register persons, households and vital events' },
  'person.reveal_id': { zh: '查看完整身份证号（须填写事由，记入审计）', en: 'reveal a full ID number (reason required, audited)' },
  'stats.read': { zh: '查看辖区统计指标、报表和数据质量检查（仅汇总数据）', en: 'read aggregate statistics, reports and data-quality checks of the own region' },
  'exchange.import': { zh: '导入部门交换数据、处理待核对记录', en: 'import partner feeds and decide worklist records' },
  'user.manage': { zh: '管理用户：创建、停用、启用、解锁、重置密码', en: 'manage users: create, disable, enable, unlock, reset password' },
  'audit.read': { zh: '查询审计日志、校验哈希链', en: 'search the audit log and verify its hash chain' },
  'system.read': { zh: '查看系统状态', en: 'read system health' },
  'system.settings': { zh: '查看安全设置', en: 'read the security settings' },
};

export const PERMISSIONS_TABLE_START = '<!-- generated from ROLE_PERMISSIONS: start -->';
export const PERMISSIONS_TABLE_END = '<!-- generated from ROLE_PERMISSIONS: end -->';

/** The markdown of the role × permission table; docs/domain/permissions.md holds it between the markers. */
export function renderPermissionsTable(): string {
  const header = `| role | 角色 | ${PERMISSIONS.map((p) => `\`${p}\``).join(' | ')} |`;
  const rule = `|---|---|${PERMISSIONS.map(() => ':-:').join('|')}|`;
  const rows = ROLES.map((r) => {
    const mark = THREE_OFFICERS.includes(r) ? ' ³' : '';
    return `| \`${r}\`${mark} | ${ROLE_NAMES[r].zh} | ${PERMISSIONS.map((p) => (ROLE_PERMISSIONS[r].includes(p) ? '✓' : '')).join(' | ')} |`;
  });
  const legend = PERMISSIONS.map((p) => `- \`${p}\` — ${PERMISSION_DESCRIPTIONS[p].zh} / ${PERMISSION_DESCRIPTIONS[p].en}; held by ${ROLES.filter((r) => ROLE_PERMISSIONS[r].includes(p)).map((r) => `\`${r}\``).join(', ')}`);
  return [header, rule, ...rows, '', '³ one of the three separated administrators (三员分立).', '', ...legend].join('\n');
}
