import { z } from 'zod';

export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a calendar date')
  .describe('date, YYYY-MM-DD');
export type IsoDate = z.infer<typeof IsoDate>;

export const RegionCode = z.string().regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, 'region code of 2, 4, 6, 9 or 12 digits').describe('区划代码');
export const VillageCode = z.string().regex(/^\d{12}$/, 'village code of 12 digits').describe('村(居)委会代码');
/** A record id: a positive integer, or its decimal string in a path or query (never `true` or `1.5`). */
export const Id = z
  .union([z.number().int().positive(), z.string().regex(/^[1-9][0-9]{0,15}$/, 'a positive whole number').transform(Number)])
  .describe('record id');

export const Page = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type Page = z.infer<typeof Page>;

export function paged<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}

const LocalizedTextSchema = z.object({ zh: z.string(), en: z.string() });

export const ApiError = z
  .object({
    code: z.string(),
    message: LocalizedTextSchema,
    details: z.array(z.object({ path: z.string(), value: z.unknown().optional(), reason: LocalizedTextSchema })),
    requestId: z.string().optional(),
  })
  .describe('every error the API returns');
export type ApiError = z.infer<typeof ApiError>;

/** Today's date as YYYY-MM-DD in China Standard Time, the registry's calendar. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Whole years between two YYYY-MM-DD dates (age at `on` for someone born on `birth`). */
export function ageOn(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [oy, om, od] = on.split('-').map(Number) as [number, number, number];
  return oy - by - (om < bm || (om === bm && od < bd) ? 1 : 0);
}
