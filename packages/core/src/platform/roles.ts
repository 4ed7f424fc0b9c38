import { z } from 'zod';

export const ROLES = [
  'village_clerk',
  'township_officer',
  'county_officer',
  'city_analyst',
  'province_admin',
  'auditor',
  'system_admin',
  'security_admin',
  'audit_admin',
] as const;
export const Role = z.enum(ROLES).describe('角色 — one role per user');
export type Role = z.infer<typeof Role>;

export const PERMISSIONS = [
  'region.read',
  'person.read',
  'person.write',
  'person.reveal_id',
  'stats.read',
  'exchange.import',
  'user.manage',
  'audit.read',
  'system.read',
  'system.settings',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** 三员分立: the system, security and audit administrators hold disjoint powers and no personal data. */
export const THREE_OFFICERS: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin'];

/** The single reviewable table of who may do what; docs/domain/permissions.md is generated from it. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  village_clerk: ['region.read', 'person.read', 'person.write', 'person.reveal_id', 'stats.read'],
  township_officer: ['region.read', 'person.read', 'person.write', 'person.reveal_id', 'stats.read', 'exchange.import'],
  county_officer: ['region.read', 'person.read', 'person.write', 'person.reveal_id', 'stats.read', 'exchange.import'],
  city_analyst: ['region.read', 'person.read', 'stats.read'],
  province_admin: ['region.read', 'person.read', 'stats.read'],
  auditor: ['region.read', 'person.read', 'stats.read'],
  system_admin: ['region.read', 'system.read', 'system.settings'],
  security_admin: ['region.read', 'user.manage'],
  audit_admin: ['region.read', 'audit.read'],
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export const ROLE_NAMES: Readonly<Record<Role, { zh: string; en: string }>> = {
  village_clerk: { zh: '村(居)专干', en: 'Village clerk' },
  township_officer: { zh: '乡镇(街道)工作人员', en: 'Township officer' },
  county_officer: { zh: '县(区)工作人员', en: 'County officer' },
  city_analyst: { zh: '市级统计分析员', en: 'City analyst' },
  province_admin: { zh: '省级管理员', en: 'Province administrator' },
  auditor: { zh: '审计人员', en: 'Auditor' },
  system_admin: { zh: '系统管理员', en: 'System administrator' },
  security_admin: { zh: '安全保密管理员', en: 'Security administrator' },
  audit_admin: { zh: '安全审计员', en: 'Audit administrator' },
};

/** The level (1 province … 5 village) a role's region must be at; null where any level is fine. */
export const ROLE_REGION_LEVEL: Readonly<Record<Role, number | null>> = {
  village_clerk: 5,
  township_officer: 4,
  county_officer: 3,
  city_analyst: 2,
  province_admin: 1,
  auditor: null,
  system_admin: null,
  security_admin: null,
  audit_admin: null,
};
