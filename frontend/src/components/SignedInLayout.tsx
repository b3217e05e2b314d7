import { Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useEffect } from 'react';
import { MeContext, useMe } from '../api/me';
import { safeReturnTo } from '../navigation';
import { NetworkCrisisBanner } from '../pages/crisis/CrisisBanner';
import { Loading, QueryError } from './QueryError';

/**
 * Parent of every page that needs a session: sends signed-out visitors to the login page
 * (coming back here afterwards) and hands the signed-in person to the pages below.
 */
export function SignedInLayout() {
  const me = useMe();
  const navigate = useNavigate();
  const href = useRouterState({ select: (s) => s.location.href });
  const signedOut = me.data === null;

  useEffect(() => {
    if (!signedOut) return;
    // While the redirect is under way, the location already is the login page's: the
    // return path then comes out undefined and nothing more happens.
    const terug = safeReturnTo(href);
    if (terug) void navigate({ to: '/inloggen', search: { terug }, replace: true });
  }, [signedOut, href, navigate]);

  if (me.data) {
    return (
      <MeContext.Provider value={me.data}>
        <NetworkCrisisBanner />
        <Outlet />
      </MeContext.Provider>
    );
  }
  if (me.isError) {
    return <QueryError error={me.error} onRetry={() => void me.refetch()} />;
  }
  return <Loading />;
}
