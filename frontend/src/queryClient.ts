import { MutationCache, QueryCache, QueryClient, type DefaultOptions } from '@tanstack/react-query';
import { isProblem, isUnauthorized } from './api/client';
import { ME_QUERY_KEY } from './api/me';

function isClientError(status: unknown): boolean {
  return typeof status === 'number' && status >= 400 && status < 500;
}

export function createAppQueryClient(overrides: DefaultOptions = {}): QueryClient {
  // A 401 from any call means the session has ended: mark the person signed out, so that the
  // shell updates and pages that need a session send them to the login page.
  const signedOut = (error: unknown) => {
    if (isUnauthorized(error)) client.setQueryData(ME_QUERY_KEY, null);
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (query.queryKey[0] !== ME_QUERY_KEY[0]) signedOut(error);
      },
    }),
    mutationCache: new MutationCache({ onError: signedOut }),
    defaultOptions: {
      ...overrides,
      queries: {
        staleTime: 60_000,
        // Client errors (4xx) will not go away by asking again; others get one more try.
        retry: (failureCount, error) =>
          !(isProblem(error) && isClientError(error.status)) && failureCount < 1,
        ...overrides.queries,
      },
    },
  });
  return client;
}
