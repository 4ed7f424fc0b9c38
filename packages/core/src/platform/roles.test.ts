import { describe, expect, it } from 'vitest';
import { hasPermission, PERMISSIONS, ROLE_NAMES, ROLE_PERMISSIONS, ROLE_REGION_LEVEL, ROLES, THREE_OFFICERS, type Permission } from './roles';

describe('ROLE_PERMISSIONS', () => {
  it('has the three separated administrators', () => {
    expect([...THREE_OFFICERS].sort()).toEqual(['audit_admin', 'security_admin', 'system_admin']);
  });

  it('gives the three administrators pairwise disjoint permissions apart from region.read', () => {
    for (const a of THREE_OFFICERS) {
      for (const b of THREE_OFFICERS) {
        if (a === b) continue;
        const shared = ROLE_PERMISSIONS[a].filter((p) => ROLE_PERMISSIONS[b].includes(p));
        expect(shared, `${a} ∩ ${b}`).toEqual(['region.read']);
      }
    }
  });

  it('gives no administrator any person.* permission', () => {
    for (const r of THREE_OFFICERS) expect(ROLE_PERMISSIONS[r].filter((p) => p.startsWith('person.')), r).toEqual([]);
  });

  it('keeps each power with exactly one administrator and nobody else', () => {
    const only = (p: Permission) => ROLES.filter((r) => hasPermission(r, p));
    expect(only('user.manage')).toEqual(['security_admin']);
    expect(only('audit.read')).toEqual(['audit_admin']);
    expect(only('system.read')).toEqual(['system_admin']);
    expect(only('system.settings')).toEqual(['system_admin']);
  });

  it('lists every role, uses only known permissions and no duplicates', () => {
    expect(Object.keys(ROLE_PERMISSIONS).sort()).toEqual([...ROLES].sort());
    for (const r of ROLES) {
      for (const p of ROLE_PERMISSIONS[r]) expect(PERMISSIONS).toContain(p);
      expect(new Set(ROLE_PERMISSIONS[r]).size).toBe(ROLE_PERMISSIONS[r].length);
      expect(ROLE_NAMES[r].zh.length).toBeGreaterThan(0);
      expect(ROLE_REGION_LEVEL).toHaveProperty(r);
    }
  });

  it('grants every permission to some role', () => {
    for (const p of PERMISSIONS) expect(ROLES.some((r) => hasPermission(r, p)), p).toBe(true);
  });

  it('lets only roles that may read persons write or reveal them', () => {
    for (const r of ROLES) {
      if (hasPermission(r, 'person.write') || hasPermission(r, 'person.reveal_id')) expect(hasPermission(r, 'person.read'), r).toBe(true);
    }
  });
});
