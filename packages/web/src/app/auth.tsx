import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { Spin } from 'antd';
import { authContracts, type CurrentUser, type Permission } from '@renkou/core';
import { call, isApiError, onSignedOut, type SignOutReason } from '../api/api';

/** What the sign-in page says when the app sent the user there. */
export type SignInNotice = SignOutReason | 'signedOut' | null;

interface Auth {
  readonly user: CurrentUser | undefined;
  readonly loading: boolean;
  readonly notice: SignInNotice;
  has(permission: Permission): boolean;
  signedIn(user: CurrentUser): void;
  signOut(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);
export const ME_KEY = ['me'] as const;

/**
 * Pages anyone may read without signing in (政务公开): an absent or ended session leaves their visitor there.
 * (The sign-in page is not one of them: going to it again also clears where a signed-out user was.)
 */
export const PUBLIC_PAGES: readonly string[] = ['/public'];
const onPublicPage = () => PUBLIC_PAGES.some((p) => window.location.pathname === p || window.location.pathname.startsWith(`${p}/`));

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [signedOut, setSignedOut] = useState(false);
  const [notice, setNotice] = useState<SignInNotice>(null);

  const me = useQuery({
    queryKey: ME_KEY,
    queryFn: () => call(authContracts.me),
    enabled: !signedOut,
    retry: false,
    staleTime: Infinity,
  });

  // Any call that finds the session ended sends the user back to sign in, with the reason.
  useEffect(
    () =>
      onSignedOut((reason) => {
        const wasSignedIn = queryClient.getQueryData(ME_KEY) !== undefined;
        setSignedOut(true);
        if (reason === 'expired' || wasSignedIn) setNotice(reason === 'expired' ? 'expired' : 'unauthenticated');
        queryClient.clear();
        if (!onPublicPage()) void navigate('/login', { replace: true });
      }),
    [queryClient, navigate],
  );

  const signedIn = useCallback(
    (user: CurrentUser) => {
      queryClient.clear();
      queryClient.setQueryData(ME_KEY, user);
      setSignedOut(false);
      setNotice(null);
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await call(authContracts.logout);
    } catch {
      // the session may already be gone; the user leaves either way
    }
    setSignedOut(true);
    setNotice('signedOut');
    queryClient.clear();
    await navigate('/login', { replace: true });
  }, [queryClient, navigate]);

  const user = signedOut ? undefined : me.data;
  const value = useMemo<Auth>(
    () => ({
      user,
      loading: !signedOut && me.isPending && !isApiError(me.error),
      notice,
      has: (p) => user?.permissions.includes(p) ?? false,
      signedIn,
      signOut,
    }),
    [user, signedOut, me.isPending, me.error, notice, signedIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** Renders its children for a signed-in user; otherwise sends them to sign in and back afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const auth = useAuth();
  const location = useLocation();
  if (auth.loading) {
    return (
      <div style={{ display: 'grid', placeItems: 'center', height: '100vh' }}>
        <Spin size="large" />
      </div>
    );
  }
  if (!auth.user) return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  return <>{children}</>;
}
