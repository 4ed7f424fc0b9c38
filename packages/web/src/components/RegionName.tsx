import { Tooltip } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { regionContracts } from '@renkou/core';
import { call } from '../api/api';

export function useRegion(code: string | null | undefined) {
  return useQuery({
    queryKey: ['region', code],
    queryFn: () => call(regionContracts.get, { params: { code: code! } }),
    enabled: !!code,
    staleTime: Infinity,
    retry: false,
  });
}

/** The ancestors of a region and the region itself, outermost first. */
export function useRegionPath(code: string | null | undefined) {
  return useQuery({
    queryKey: ['regionPath', code],
    queryFn: async () => {
      const [self, ancestors] = await Promise.all([
        call(regionContracts.get, { params: { code: code! } }),
        code!.length > 2 ? call(regionContracts.ancestors, { params: { code: code! } }) : Promise.resolve({ items: [] }),
      ]);
      return [...ancestors.items.filter((a) => a.code !== self.code), self];
    },
    enabled: !!code,
    staleTime: Infinity,
    retry: false,
  });
}

/** A region code shown as its name; `full` shows the whole path (省 / 市 / 县 / 乡镇 / 村). */
export function RegionName({ code, full = false }: { code: string | null | undefined; full?: boolean }) {
  const one = useRegion(full ? undefined : code);
  const path = useRegionPath(full ? code : undefined);
  if (!code) return null;
  const text = full ? path.data?.map((r) => r.name).join(' / ') : one.data?.name;
  return (
    <Tooltip title={code}>
      <span data-region={code}>{text ?? code}</span>
    </Tooltip>
  );
}
