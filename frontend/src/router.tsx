import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  redirect,
  type RouterHistory,
} from '@tanstack/react-router';
import type { QueryClient } from '@tanstack/react-query';
import { isTenantKind, type TenantKind } from './api/client';
import { AdminLayout } from './components/AdminLayout';
import { AppShell } from './components/AppShell';
import { SignedInLayout } from './components/SignedInLayout';
import { safeReturnTo } from './navigation';
import { DirectoryPage } from './pages/DirectoryPage';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import type { ActionStatus, Party } from './pages/meetings/meetings';
import type { SignalStatus } from './pages/signals/signals';

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

export interface LoginSearch {
  /** Why the last sign-in failed (set by the server: /inloggen?fout=…). */
  fout?: string;
  /** Where to go after signing in (a same-origin path). */
  terug?: string;
}

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/inloggen',
  validateSearch: (search: Record<string, unknown>): LoginSearch => {
    const out: LoginSearch = {};
    if (typeof search.fout === 'string' && search.fout !== '') out.fout = search.fout;
    const terug = safeReturnTo(search.terug);
    if (terug) out.terug = terug;
    return out;
  },
  component: LoginPage,
});

/** Every route below needs a session; SignedInLayout sends others to the login page. */
const signedInRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'signedIn',
  component: SignedInLayout,
});

const sessionsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/mijn-sessies',
  component: lazyRouteComponent(() => import('./pages/SessionsPage'), 'SessionsPage'),
});

const notificationsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/meldingen',
  component: lazyRouteComponent(() => import('./pages/NotificationsPage'), 'NotificationsPage'),
});

const oversightRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/toezicht',
  component: lazyRouteComponent(() => import('./pages/OversightPage'), 'OversightPage'),
});

const networksRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken',
  component: lazyRouteComponent(() => import('./pages/networks/NetworksPage'), 'NetworksPage'),
});

const newNetworkRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/nieuw',
  component: lazyRouteComponent(() => import('./pages/networks/NetworkFormPage'), 'NewNetworkPage'),
});

const networkRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/$networkId',
  component: lazyRouteComponent(() => import('./pages/networks/NetworkPage'), 'NetworkPage'),
});

const editNetworkRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/$networkId/bewerken',
  component: lazyRouteComponent(() => import('./pages/networks/NetworkFormPage'), 'EditNetworkPage'),
});

const alliesRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/$networkId/bondgenoten',
  component: lazyRouteComponent(() => import('./pages/allies/AlliesPage'), 'AlliesPage'),
});

const newAllyRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/$networkId/bondgenoten/nieuw',
  component: lazyRouteComponent(() => import('./pages/allies/AllyFormPage'), 'NewAllyPage'),
});

const importAlliesRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/$networkId/bondgenoten/importeren',
  component: lazyRouteComponent(() => import('./pages/allies/ImportPage'), 'ImportAlliesPage'),
});

const allyRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/$networkId/bondgenoten/$allyId',
  component: lazyRouteComponent(() => import('./pages/allies/AllyFormPage'), 'AllyPage'),
});

const representationRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/$networkId/samenstelling',
  component: lazyRouteComponent(() => import('./pages/allies/RepresentationPage'), 'RepresentationPage'),
});

const meetingsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/$networkId/bijeenkomsten',
  component: lazyRouteComponent(() => import('./pages/meetings/MeetingsPage'), 'MeetingsPage'),
});

export interface NewMeetingSearch {
  /** "spoed": plan an emergency meeting (spoedbijeenkomst). */
  soort?: 'spoed';
}

const newMeetingRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/$networkId/bijeenkomsten/nieuw',
  validateSearch: (search: Record<string, unknown>): NewMeetingSearch =>
    search.soort === 'spoed' ? { soort: 'spoed' } : {},
  component: lazyRouteComponent(() => import('./pages/meetings/MeetingFormPage'), 'NewMeetingPage'),
});

const meetingSeriesRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/$networkId/bijeenkomsten/reeks',
  component: lazyRouteComponent(() => import('./pages/meetings/MeetingFormPage'), 'MeetingSeriesPage'),
});

const meetingRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/$networkId/bijeenkomsten/$meetingId',
  component: lazyRouteComponent(() => import('./pages/meetings/MeetingPage'), 'MeetingPage'),
});

const editMeetingRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/$networkId/bijeenkomsten/$meetingId/bewerken',
  component: lazyRouteComponent(() => import('./pages/meetings/MeetingFormPage'), 'EditMeetingPage'),
});

export interface ActionsSearch {
  status?: ActionStatus;
  partij?: Party;
  /** Only actions past their due date that are still open or in progress. */
  verlopen?: boolean;
}

const ACTION_STATUS_VALUES: readonly string[] = ['open', 'in_progress', 'done', 'dropped'] satisfies ActionStatus[];
const PARTY_VALUES: readonly string[] = ['municipality', 'police', 'allies'] satisfies Party[];

const actionsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/$networkId/acties',
  validateSearch: (search: Record<string, unknown>): ActionsSearch => {
    const out: ActionsSearch = {};
    if (typeof search.status === 'string' && ACTION_STATUS_VALUES.includes(search.status)) {
      out.status = search.status as ActionStatus;
    }
    if (typeof search.partij === 'string' && PARTY_VALUES.includes(search.partij)) out.partij = search.partij as Party;
    if (search.verlopen === true || search.verlopen === 'true') out.verlopen = true;
    return out;
  },
  component: lazyRouteComponent(() => import('./pages/meetings/ActionsPage'), 'ActionsPage'),
});

export interface SignalsSearch {
  status?: SignalStatus;
  thema?: string;
  urgent?: boolean;
  gedeeld?: boolean;
  /** Only signals whose feedback to the source is overdue. */
  verlopen?: boolean;
}

const SIGNAL_STATUS_VALUES: readonly string[] = ['new', 'assessing', 'acted', 'closed'] satisfies SignalStatus[];

function searchBoolean(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

const signalsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/$networkId/signalen',
  validateSearch: (search: Record<string, unknown>): SignalsSearch => {
    const out: SignalsSearch = {};
    if (typeof search.status === 'string' && SIGNAL_STATUS_VALUES.includes(search.status)) {
      out.status = search.status as SignalStatus;
    }
    if (typeof search.thema === 'string' && search.thema !== '') out.thema = search.thema;
    const urgent = searchBoolean(search.urgent);
    if (urgent !== undefined) out.urgent = urgent;
    const shared = searchBoolean(search.gedeeld);
    if (shared !== undefined) out.gedeeld = shared;
    if (searchBoolean(search.verlopen) === true) out.verlopen = true;
    return out;
  },
  component: lazyRouteComponent(() => import('./pages/signals/SignalsPage'), 'SignalsPage'),
});

const newSignalRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/$networkId/signalen/nieuw',
  component: lazyRouteComponent(() => import('./pages/signals/SignalFormPage'), 'NewSignalPage'),
});

const signalThemesRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/$networkId/signalen/themas',
  component: lazyRouteComponent(() => import('./pages/signals/ThemesPage'), 'ThemesPage'),
});

const signalRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/$networkId/signalen/$signalId',
  component: lazyRouteComponent(() => import('./pages/signals/SignalPage'), 'SignalPage'),
});

const editSignalRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/$networkId/signalen/$signalId/bewerken',
  component: lazyRouteComponent(() => import('./pages/signals/SignalFormPage'), 'EditSignalPage'),
});

const tensionRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/$networkId/spanning',
  component: lazyRouteComponent(() => import('./pages/signals/TensionPage'), 'TensionPage'),
});

const moodPicturesRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/$networkId/sfeerbeelden',
  component: lazyRouteComponent(() => import('./pages/signals/MoodPicturesPage'), 'MoodPicturesPage'),
});

const moodPictureRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/$networkId/sfeerbeelden/$moodPictureId',
  component: lazyRouteComponent(() => import('./pages/signals/MoodPicturePage'), 'MoodPicturePage'),
});

const tenantTensionRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/spanningsbeeld',
  component: lazyRouteComponent(() => import('./pages/signals/TensionPage'), 'TenantTensionPage'),
});

const crisisRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/$networkId/crisis',
  component: lazyRouteComponent(() => import('./pages/crisis/CrisisPage'), 'CrisisPage'),
});

const evaluationsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/$networkId/evaluaties',
  component: lazyRouteComponent(() => import('./pages/evaluation/EvaluationsPage'), 'EvaluationsPage'),
});

const evaluationRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/$networkId/evaluaties/$evaluationId',
  component: lazyRouteComponent(() => import('./pages/evaluation/EvaluationPage'), 'EvaluationPage'),
});

const myIntroductionRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/introductie',
  component: lazyRouteComponent(() => import('./pages/introduction/IntroductionPages'), 'MyIntroductionsPage'),
});

const guideRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/introductie/handreiking',
  component: lazyRouteComponent(() => import('./pages/introduction/IntroductionPages'), 'GuidePage'),
});

const introductionsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/$networkId/introducties',
  component: lazyRouteComponent(() => import('./pages/introduction/IntroductionPages'), 'IntroductionsPage'),
});

const introductionRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/$networkId/introducties/$introductionId',
  component: lazyRouteComponent(() => import('./pages/introduction/IntroductionPages'), 'IntroductionPage'),
});

const introductionSheetRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/netwerken/$networkId/introducties/$introductionId/blad',
  component: lazyRouteComponent(() => import('./pages/introduction/IntroductionPages'), 'IntroductionSheetPage'),
});

const adminRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/beheer',
  component: AdminLayout,
});

const adminIndexRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/beheer/gebruikers', replace: true });
  },
});

const adminUsersRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/gebruikers',
  component: lazyRouteComponent(() => import('./pages/admin/UsersPage'), 'UsersPage'),
});

export interface SsoSearch {
  /** Set by the server after a test sign-in: /beheer/sso?sso_test=ok (the account is not named). */
  sso_test?: string;
}

const adminSsoRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/sso',
  validateSearch: (search: Record<string, unknown>): SsoSearch => {
    const out: SsoSearch = {};
    if (typeof search.sso_test === 'string') out.sso_test = search.sso_test;
    return out;
  },
  component: lazyRouteComponent(() => import('./pages/admin/SsoPage'), 'SsoPage'),
});

const adminAuditRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/audit',
  component: lazyRouteComponent(() => import('./pages/admin/AuditPage'), 'AuditPage'),
});

const adminMailRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/e-mail',
  component: lazyRouteComponent(() => import('./pages/admin/MailFailuresPage'), 'MailFailuresPage'),
});

const platformRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/platform',
  component: lazyRouteComponent(() => import('./pages/PlatformPage'), 'PlatformPage'),
});

export const routeTree = rootRoute.addChildren([
  homeRoute,
  directoryRoute,
  loginRoute,
  signedInRoute.addChildren([
    sessionsRoute,
    notificationsRoute,
    oversightRoute,
    networksRoute,
    newNetworkRoute,
    networkRoute,
    editNetworkRoute,
    alliesRoute,
    newAllyRoute,
    importAlliesRoute,
    allyRoute,
    representationRoute,
    meetingsRoute,
    newMeetingRoute,
    meetingSeriesRoute,
    meetingRoute,
    editMeetingRoute,
    actionsRoute,
    signalsRoute,
    newSignalRoute,
    signalThemesRoute,
    signalRoute,
    editSignalRoute,
    tensionRoute,
    moodPicturesRoute,
    moodPictureRoute,
    tenantTensionRoute,
    crisisRoute,
    evaluationsRoute,
    evaluationRoute,
    myIntroductionRoute,
    guideRoute,
    introductionsRoute,
    introductionRoute,
    introductionSheetRoute,
    adminRoute.addChildren([adminIndexRoute, adminUsersRoute, adminSsoRoute, adminAuditRoute, adminMailRoute]),
    platformRoute,
  ]),
]);

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
