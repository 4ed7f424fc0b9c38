import { z } from 'zod';
import { RegionCode } from '../common/common';

export const Region = z
  .object({
    code: z.string(),
    name: z.string(),
    pinyin: z.string(),
    level: z.number().int().min(1).max(5),
    parentCode: z.string().nullable(),
    validFrom: z.string(),
    validTo: z.string().nullable(),
    hasChildren: z.boolean(),
  })
  .describe('行政区划 — one administrative division');
export type Region = z.infer<typeof Region>;

export const RegionParams = z.object({ code: RegionCode });
export const RegionChildrenQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export const RegionSearchQuery = z.object({
  q: z.string().trim().min(1).max(40).describe('name, pinyin or pinyin initials'),
  within: RegionCode.optional().describe('subtree to search; defaults to your own region'),
  level: z.coerce.number().int().min(1).max(5).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const RegionStats = z.object({ levels: z.array(z.object({ level: z.number(), count: z.number() })) });
