import { z } from 'zod';
import { IsoDate, RegionCode } from '../common/common';
import { Role } from './roles';

export const Username = z.string().trim().toLowerCase().regex(/^[a-z0-9_.-]{3,40}$/, '3–40 of a-z 0-9 _ . -');

export const LoginBody = z.object({
  username: z.string().trim().min(1).max(40),
  password: z.string().min(1).max(200),
  totp: z.string().regex(/^\d{6}$/).optional().describe('six-digit code from the authenticator app'),
});

export const CurrentUser = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  regionCode: z.string(),
  regionName: z.string(),
  permissions: z.array(z.string()),
  totpEnabled: z.boolean(),
  mustChangePassword: z.boolean(),
});
export type CurrentUser = z.infer<typeof CurrentUser>;

export const ChangePasswordBody = z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200) });
export const TotpEnrollment = z.object({ secret: z.string(), uri: z.string() });
export const TotpConfirmBody = z.object({ code: z.string().regex(/^\d{6}$/) });

export const UserView = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  holder: z.string(),
  role: Role,
  regionCode: z.string(),
  locked: z.boolean(),
  lockedUntil: z.string().nullable(),
  disabled: z.boolean(),
  totpEnabled: z.boolean(),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof UserView>;

export const CreateUserBody = z.object({
  username: Username,
  displayName: z.string().trim().min(1).max(50),
  holder: z.string().trim().min(1).max(50).describe('工号 — the natural person holding the account'),
  role: Role,
  regionCode: RegionCode,
  password: z.string().min(1).max(200).optional().describe('generated when absent'),
});
export type CreateUserBody = z.infer<typeof CreateUserBody>;
export const CreatedUser = z.object({ user: UserView, initialPassword: z.string().optional(), totpUri: z.string().optional() });

export const UserQuery = z.object({
  q: z.string().trim().max(40).optional(),
  role: Role.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const AuditQuery = z.object({
  userId: z.coerce.number().int().positive().optional(),
  username: z.string().max(40).optional(),
  action: z.string().max(60).optional(),
  objectType: z.string().max(40).optional(),
  objectId: z.string().max(40).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  maxId: z.coerce.number().int().positive().optional().describe('only records up to this id: pass the first id of page 1 when paging, so records written meanwhile (this search among them) do not shift the pages'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditRecordView = z.object({
  id: z.number(),
  at: z.string(),
  userId: z.number().nullable(),
  username: z.string().nullable(),
  role: z.string().nullable(),
  regionCode: z.string().nullable(),
  action: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  outcome: z.string(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  reason: z.string().nullable(),
});

export const AuditVerifyResult = z.object({
  ok: z.boolean(),
  checked: z.number(),
  problems: z.array(z.object({ chain: z.number(), chainSeq: z.number(), id: z.number().nullable(), problem: z.string() })),
});

export const Health = z.object({ status: z.literal('ok'), database: z.string(), version: z.string(), regions: z.number(), persons: z.number(), uptimeSeconds: z.number() });
export const SettingsView = z.object({
  passwordPolicy: z.object({ minLength: z.number(), minClasses: z.number() }),
  lockout: z.object({ maxFailures: z.number(), lockMinutes: z.number() }),
  session: z.object({ idleMinutes: z.number(), absoluteHours: z.number() }),
  rateLimits: z.object({ loginPerMinute: z.number(), searchPerMinute: z.number(), revealPerHour: z.number() }),
});
export type SettingsView = z.infer<typeof SettingsView>;
