import { QueryClient } from '@tanstack/react-query';
import { isProblem } from './api/client';

function isClientError(status: unknown): boolean {
  return typeof status === 'number' && status >= 400 && status < 500;
}

export function createAppQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 60_000,
        // Client errors (4xx) will not go away by asking again; others get one more try.
        retry: (failureCount, error) =>
          !(isProblem(error) && isClientError(error.status)) && failureCount < 1,
      },
    },
  });
}
