import { queryOptions, useQuery } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { fetchClient, type Me } from './client';

export const ME_QUERY_KEY = ['me'] as const;

/**
 * Who is signed in: GET /api/v1/me. Resolves to null when nobody is (401), so that
 * "signed out" is data, not an error; other failures are errors.
 */
export const meQueryOptions = queryOptions({
  queryKey: ME_QUERY_KEY,
  queryFn: async ({ signal }): Promise<Me | null> => {
    const { data, error, response } = await fetchClient.GET('/api/v1/me', { signal });
    const status = response.status;
    if (status === 401) return null;
    if (data === undefined) throw error ?? new Error(`GET /api/v1/me: ${status}`);
    return data;
  },
  staleTime: 60_000,
  retry: false,
});

export function useMe() {
  return useQuery(meQueryOptions);
}

/** Whether the signed-in person may do `action` on `category` in their own organisation. */
export function can(me: Me | null | undefined, category: string, action: string): boolean {
  return me?.permissions?.[category]?.includes(action) ?? false;
}

/**
 * Whether the signed-in person answers bureaus' oversight requests for their organisation: an
 * administrator (admin write) of a municipality or police unit accepts, declines and ends them.
 */
export function answersOversight(me: Me | null | undefined): boolean {
  const kind = me?.tenant.kind;
  return (kind === 'municipality' || kind === 'police_unit') && can(me, 'admin', 'write');
}

/** Whether Toezicht is for the signed-in person: oversight read, or answering requests. */
export function mayOpenOversight(me: Me | null | undefined): boolean {
  return can(me, 'oversight', 'read') || answersOversight(me);
}

/** The signed-in person, inside the routes that need one (see SignedInLayout). */
export const MeContext = createContext<Me | null>(null);

export function useSignedInMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useSignedInMe() outside SignedInLayout');
  return me;
}
