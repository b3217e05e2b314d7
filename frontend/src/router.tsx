import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  type RouterHistory,
} from '@tanstack/react-router';
import type { QueryClient } from '@tanstack/react-query';
import { isTenantKind, type TenantKind } from './api/client';
import { AppShell } from './components/AppShell';
import { DirectoryPage } from './pages/DirectoryPage';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';

export interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: AppShell,
  notFoundComponent: NotFoundPage,
});

const homeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  component: HomePage,
});

export interface DirectorySearch {
  kind?: TenantKind;
}

const directoryRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/organisaties',
  validateSearch: (search: Record<string, unknown>): DirectorySearch =>
    isTenantKind(search.kind) ? { kind: search.kind } : {},
  component: DirectoryPage,
});

export const routeTree = rootRoute.addChildren([homeRoute, directoryRoute]);

export function createAppRouter(queryClient: QueryClient, history?: RouterHistory) {
  return createRouter({
    routeTree,
    context: { queryClient },
    scrollRestoration: true,
    defaultPreload: 'intent',
    ...(history ? { history } : {}),
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
