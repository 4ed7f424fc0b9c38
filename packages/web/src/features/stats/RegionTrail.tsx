import { Breadcrumb } from 'antd';
import { useLocation } from 'react-router';
import { useAuth } from '../../app/auth';
import { useRegionPath } from '../../components/RegionName';

/**
 * Where the drill-down is: the user's own region down to the region shown; each step above the last
 * goes back up to it. Regions above the user's own are not shown (they cannot be opened).
 */
export function RegionTrail({ code, onPick }: { code: string; onPick: (code: string) => void }) {
  const auth = useAuth();
  const own = auth.user?.regionCode ?? '';
  const path = useRegionPath(code);
  const location = useLocation();
  const hrefFor = (region: string) => {
    const q = new URLSearchParams(location.search);
    q.set('region', region);
    return `${location.pathname}?${q.toString()}`;
  };
  const steps = (path.data ?? []).filter((r) => r.code.startsWith(own));
  if (steps.length === 0) return null;
  return (
    <Breadcrumb
      data-testid="region-trail"
      items={steps.map((r, i) =>
        i < steps.length - 1
          ? {
              key: r.code,
              title: (
                <a
                  href={hrefFor(r.code)}
                  onClick={(e) => {
                    e.preventDefault();
                    onPick(r.code);
                  }}
                >
                  {r.name}
                </a>
              ),
            }
          : { key: r.code, title: <span data-region={r.code}>{r.name}</span> },
      )}
    />
  );
}
