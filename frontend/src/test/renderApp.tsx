import { createMemoryHistory } from '@tanstack/react-router';
import { render } from '@testing-library/react';
import { App } from '../App';
import { createAppQueryClient } from '../queryClient';
import { createAppRouter } from '../router';

/** Renders the whole app (shell, router, query client) at `path`. */
export function renderApp(path = '/') {
  const queryClient = createAppQueryClient({ queries: { retry: false, gcTime: Infinity } });
  const router = createAppRouter(queryClient, createMemoryHistory({ initialEntries: [path] }));
  return { ...render(<App queryClient={queryClient} router={router} />), router, queryClient };
}

/** A JSON response as the API sends it. */
export function jsonResponse(body: unknown, status = 200, contentType = 'application/json') {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType } });
}
