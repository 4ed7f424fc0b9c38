import { z } from 'zod';
import { RegionCode } from '../common/common';
import { VitalEventKind } from '../registry/registry.schemas';

export const DashboardQuery = z.object({ region: RegionCode.optional().describe('defaults to your own region') });

export const PyramidRow = z.object({ ageGroup: z.string().describe('0-4, 5-9, …, 100+'), male: z.number(), female: z.number() });

export const Dashboard = z
  .object({
    region: z.object({ code: z.string(), name: z.string(), level: z.number() }),
    asOf: z.string(),
    totals: z.object({ population: z.number(), male: z.number(), female: z.number(), households: z.number(), floatingIn: z.number().describe('living here, hukou elsewhere') }),
    pyramid: z.array(PyramidRow),
    thisYear: z.object({
      year: z.number(),
      births: z.number(),
      deaths: z.number(),
      marriages: z.number(),
      birthsMale: z.number(),
      birthsFemale: z.number(),
      srb: z.number().nullable().describe('male births per 100 female births; null when no female births'),
    }),
    latestEvents: z.array(z.object({ id: z.number(), kind: VitalEventKind, occurredOn: z.string(), regionCode: z.string(), personId: z.number(), personName: z.string() })),
  })
  .describe('首页概览 — the home dashboard of a region (residence basis)');
export type Dashboard = z.infer<typeof Dashboard>;
