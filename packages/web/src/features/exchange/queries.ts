import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { exchangeContracts, type FeedKind } from '@renkou/core';
import { call, callWithBytes } from '../../api/api';

/** POST /api/v1/exchange/imports: the file's bytes as the body, the kind and file name in the query. */
export function uploadFeed(kind: FeedKind, file: Blob, fileName: string) {
  return callWithBytes(exchangeContracts.upload, { query: { kind, fileName } }, file);
}

export function useBatches(kind: FeedKind | undefined, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['exchange', 'batches', kind ?? null, page, pageSize],
    queryFn: () => call(exchangeContracts.batches, { query: { ...(kind ? { kind } : {}), page, pageSize } }),
    placeholderData: keepPreviousData,
  });
}

export function useBatch(id: number | undefined) {
  return useQuery({
    queryKey: ['exchange', 'batch', id],
    queryFn: () => call(exchangeContracts.batch, { params: { id: id! } }),
    enabled: id !== undefined,
  });
}

export function useRejected(id: number | undefined) {
  return useQuery({
    queryKey: ['exchange', 'rejected', id],
    queryFn: () => call(exchangeContracts.rejected, { params: { id: id! }, query: { format: 'json' } }),
    enabled: id !== undefined,
  });
}

/** The rejected rows of a batch as an Excel workbook: the same route with format=xlsx, a plain link. */
export function rejectedXlsxUrl(id: number): string {
  return `${exchangeContracts.rejected.url.replace(':id', String(id))}?format=xlsx`;
}

/** The worklist; every read is audited (the candidates are persons), so it is not refetched on its own. */
export function useWorklist(kind: FeedKind | undefined, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['exchange', 'worklist', kind ?? null, page, pageSize],
    queryFn: () => call(exchangeContracts.worklist, { query: { ...(kind ? { kind } : {}), page, pageSize } }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export function useDiscrepancies(region: string | undefined, period: string) {
  return useQuery({
    queryKey: ['exchange', 'discrepancies', region, period],
    queryFn: () => call(exchangeContracts.discrepancies, { query: { region, period } }),
    placeholderData: keepPreviousData,
  });
}

export function useErrorRate(region: string | undefined, period: string) {
  return useQuery({
    queryKey: ['exchange', 'errorRate', region, period],
    queryFn: () => call(exchangeContracts.errorRate, { query: { region, period } }),
    placeholderData: keepPreviousData,
  });
}

export function usePartners() {
  return useQuery({ queryKey: ['exchange', 'partners'], queryFn: () => call(exchangeContracts.partners) });
}
