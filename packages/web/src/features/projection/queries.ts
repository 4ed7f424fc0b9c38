import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { projectionContracts, type RegionProjectionRequest } from '@renkou/core';
import { ApiError, call } from '../../api/api';
import type { BaseLevels, RegionProjection } from './model';
import { fileNameFrom } from './model';

const FIVE_MINUTES = 5 * 60_000;

/** POST /api/v1/projection for the body last submitted (null: nothing run yet). */
export function useProjection(body: RegionProjectionRequest | null) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: ['projection', 'run', body],
    queryFn: async () => {
      const result = await call(projectionContracts.project, { query: { format: 'json' }, body: body! });
      // The run's base levels serve the presets of the same region and input years without another call.
      queryClient.setQueryData<BaseLevels>(baseKey(body!.region, body!.inputYears), levelsOf(result));
      return result;
    },
    enabled: body !== null,
    staleTime: FIVE_MINUTES,
    placeholderData: keepPreviousData,
  });
}

const baseKey = (region: string | undefined, inputYears: number) => ['projection', 'base', region ?? '', inputYears] as const;
const levelsOf = (r: RegionProjection): BaseLevels => ({ tfr: r.inputs.tfr, e0Female: r.inputs.e0Female, e0Male: r.inputs.e0Male });

/** The base levels (TFR, e0) already known for a region, without a call: for hints next to the paths. */
export function useKnownBase(region: string, inputYears: number) {
  return useQuery({
    queryKey: baseKey(region, inputYears),
    queryFn: () => fetchBase(region, inputYears),
    enabled: false,
    staleTime: FIVE_MINUTES,
  });
}

async function fetchBase(region: string, inputYears: number): Promise<BaseLevels> {
  // One year ahead is enough: the levels are those of the base year.
  return levelsOf(await call(projectionContracts.project, { query: { format: 'json' }, body: { region: region || undefined, horizon: 1, inputYears, scenarios: [] } }));
}

/** The base levels, from the cache or one short run: the presets start their paths there. */
export function useEnsureBase() {
  const queryClient = useQueryClient();
  return (region: string, inputYears: number) =>
    queryClient.fetchQuery({ queryKey: baseKey(region, inputYears), queryFn: () => fetchBase(region, inputYears), staleTime: FIVE_MINUTES });
}

/**
 * The same projection as an Excel workbook: POST with ?format=xlsx, the body as JSON, the session cookie
 * along (same origin); the file name from content-disposition. An error answer is the API's error
 * shape, thrown as an ApiError. (Saving it is the page's part: ExportButton.tsx.)
 */
export async function fetchXlsx(body: RegionProjectionRequest, fallbackName: string): Promise<{ blob: Blob; name: string }> {
  const res = await fetch(`${projectionContracts.project.url}?format=xlsx`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    let e: { code?: string; message?: { zh: string; en: string }; details?: ApiError['details']; requestId?: string } = {};
    try {
      e = (await res.json()) as typeof e;
    } catch {
      // not JSON: the status says it
    }
    throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? { zh: `导出失败（${res.status}）`, en: `export failed (${res.status})` }, e.details ?? [], e.requestId);
  }
  return { blob: await res.blob(), name: fileNameFrom(res.headers.get('content-disposition'), fallbackName) };
}
