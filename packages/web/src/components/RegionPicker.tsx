import { useEffect, useMemo, useState } from 'react';
import { TreeSelect } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { regionContracts, type Region } from '@renkou/core';
import { call } from '../api/api';
import { useAuth } from '../app/auth';
import { useI18n } from '../i18n/i18n';
import { useRegionPath } from './RegionName';

const PAGE_SIZE = 100;

/** The 31 provinces of the mainland (GB/T 2260): the top of a picker that reaches beyond the user's region. */
const PROVINCES = ['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65'];

interface Loaded {
  readonly items: Region[];
  readonly total: number;
  readonly pages: number;
}

interface TreeNode {
  value: string;
  title: React.ReactNode;
  isLeaf: boolean;
  selectable: boolean;
  children?: TreeNode[];
}

export interface RegionPickerProps {
  value?: string | undefined;
  onChange?: (code: string | undefined) => void;
  id?: string;
  /** The top of the tree; the user's own region by default. 'all' starts at the provinces. */
  root?: string | 'all';
  /** Only regions of this level can be chosen (5 = village). */
  level?: number;
  /** Regions below this level are not offered (defaults to `level`, else villages). */
  maxLevel?: number;
  placeholder?: string;
  disabled?: boolean;
  allowClear?: boolean;
  style?: React.CSSProperties;
  'aria-label'?: string;
  'data-testid'?: string;
}

/**
 * Chooses a region from the five-level tree. Children load when a node opens, a page at a time
 * (GET /regions/:code/children); typing searches by name, pinyin or initials inside the root
 * (GET /regions/search). Nothing ever loads a whole level: 620,573 villages stay on the server.
 */
export function RegionPicker(props: RegionPickerProps) {
  const { t, lang } = useI18n();
  const auth = useAuth();
  const queryClient = useQueryClient();
  const rootCode = props.root === 'all' ? null : props.root ?? auth.user?.regionCode ?? null;
  const maxLevel = props.maxLevel ?? props.level ?? 5;
  const [children, setChildren] = useState<Record<string, Loaded>>({});
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  const [expanded, setExpanded] = useState<string[]>(rootCode ? [rootCode] : []);

  useEffect(() => {
    const h = setTimeout(() => setDebounced(search.trim()), 250);
    return () => clearTimeout(h);
  }, [search]);

  const rootQuery = useQuery({
    queryKey: ['regionRoot', rootCode ?? 'all'],
    queryFn: async (): Promise<Region[]> =>
      rootCode ? [await call(regionContracts.get, { params: { code: rootCode } })] : Promise.all(PROVINCES.map((code) => call(regionContracts.get, { params: { code } }))),
    staleTime: Infinity,
  });

  const within = rootCode ?? (auth.user?.regionCode.slice(0, 2) || '33');
  const searchQuery = useQuery({
    queryKey: ['regionSearch', within, props.level ?? null, debounced],
    queryFn: () => call(regionContracts.search, { query: { q: debounced, within, ...(props.level ? { level: props.level } : {}), limit: 30 } }),
    enabled: debounced.length > 0,
    staleTime: 60_000,
  });

  const selectedPath = useRegionPath(props.value);

  // Errors (a session that ended) are reported by the API layer; the tree simply stays as it was.
  const loadPage = async (code: string, page: number) => {
    const res = await queryClient
      .fetchQuery({
        queryKey: ['regionChildren', code, page],
        queryFn: () => call(regionContracts.children, { params: { code }, query: { page, pageSize: PAGE_SIZE } }),
        staleTime: Infinity,
      })
      .catch(() => null);
    if (!res) return;
    setChildren((prev) => {
      const before = page === 1 ? [] : prev[code]?.items ?? [];
      return { ...prev, [code]: { items: [...before, ...res.items], total: res.total, pages: page } };
    });
  };

  // The root opens at once, so the first level below it shows without a click.
  useEffect(() => {
    if (rootCode && !children[rootCode]) void loadPage(rootCode, 1);
  }, [rootCode]);

  const selectable = (r: Region) => (props.level ? r.level === props.level : true);
  const leaf = (r: Region) => !r.hasChildren || r.level >= maxLevel;

  const treeData = useMemo<TreeNode[]>(() => {
    if (debounced) {
      const rootDepth = rootCode ? rootCode.length : 0;
      return (searchQuery.data?.items ?? []).map((r) => ({
        value: r.code,
        // The path below the root says which village of that name is meant.
        title: <span title={r.path}>{r.path.split(' / ').slice(rootDepth ? [2, 4, 6, 9, 12].indexOf(rootDepth) + 1 : 0).join(' / ') || r.name}</span>,
        isLeaf: true,
        selectable: selectable(r),
      }));
    }
    const build = (r: Region): TreeNode => {
      const loaded = children[r.code];
      const node: TreeNode = { value: r.code, title: r.name, isLeaf: leaf(r), selectable: selectable(r) };
      if (loaded) {
        node.children = loaded.items.map(build);
        const left = loaded.total - loaded.items.length;
        if (left > 0) {
          node.children.push({
            value: `more:${r.code}`,
            isLeaf: true,
            selectable: false,
            title: (
              <a
                role="button"
                onMouseDown={(e) => e.preventDefault()}
                onClick={(e) => {
                  e.stopPropagation();
                  void loadPage(r.code, loaded.pages + 1);
                }}
              >
                {t('common.loadMore', { n: left })}
              </a>
            ),
          });
        }
      }
      return node;
    };
    return (rootQuery.data ?? []).map(build);
  }, [debounced, searchQuery.data, rootQuery.data, children, props.level, maxLevel, lang]);

  const label = useMemo(() => {
    if (!props.value) return undefined;
    const names = selectedPath.data?.map((r) => r.name);
    if (!names) return props.value;
    const rootIndex = rootCode ? selectedPath.data!.findIndex((r) => r.code === rootCode) : -1;
    const shown = rootIndex >= 0 && rootIndex < names.length - 1 ? names.slice(rootIndex + 1) : names.slice(-2);
    return shown.join(' / ');
  }, [props.value, selectedPath.data, rootCode]);

  const levelNames = t('region.levels').split(',');
  return (
    <TreeSelect<{ value: string; label: React.ReactNode } | undefined>
      id={props.id}
      data-testid={props['data-testid']}
      aria-label={props['aria-label']}
      style={{ width: '100%', ...props.style }}
      labelInValue
      value={props.value ? { value: props.value, label } : undefined}
      onChange={(v) => {
        setSearch('');
        props.onChange?.(v?.value);
      }}
      treeData={treeData}
      loadData={async (node) => {
        const code = String(node.value);
        if (!children[code] && !code.startsWith('more:')) await loadPage(code, 1);
      }}
      treeLoadedKeys={Object.keys(children)}
      treeExpandedKeys={debounced ? [] : expanded}
      onTreeExpand={(keys) => setExpanded(keys.map(String))}
      showSearch={{ searchValue: search, onSearch: setSearch, filterTreeNode: false, autoClearSearchValue: true }}
      placeholder={props.placeholder ?? (props.level ? t('region.mustLevel', { level: levelNames[props.level - 1] ?? '' }) : t('region.placeholder'))}
      notFoundContent={debounced && !searchQuery.isFetching ? t('region.searchEmpty') : t('app.loading')}
      allowClear={props.allowClear ?? true}
      disabled={props.disabled}
      listHeight={320}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { minWidth: 320, maxWidth: 520 } } }}
    />
  );
}
