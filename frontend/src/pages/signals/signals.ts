import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import { API_BASE, type Network, type Problem } from '../../api/client';
import type { components } from '../../api/schema';
import { currentLanguage } from '../../i18n';
import { allowedIn } from '../allies/allies';

/*
 * Signals, themes, the tension picture and mood pictures (issue 10, decision 0007).
 *
 * The types come from the API document (schema.d.ts, `npm run gen:api`); the calls go
 * through a small fetch wrapper (same session cookie, same problem+json errors as
 * openapi-fetch gives), which also reads the plain-text and PDF forms.
 */

export type SignalStatus = components['schemas']['SignalStatus'];
export type SignalEvidence = components['schemas']['Signal']['evidence'];
export type SignalPhase = components['schemas']['SignalPhase'];
export type SourceKind = 'ally' | 'own' | 'other';
export type Level = 1 | 2 | 3 | 4 | 5;
export type Trend = 'rising' | 'stable' | 'falling';

export const SIGNAL_STATUSES: readonly SignalStatus[] = ['new', 'assessing', 'acted', 'closed'];
export const EVIDENCE_KINDS: readonly SignalEvidence[] = ['evidenced', 'experienced', 'expected'];
export const PHASES: readonly SignalPhase[] = ['simmering', 'rising', 'escalation', 'aftermath'];
export const SOURCE_KINDS: readonly SourceKind[] = ['ally', 'own', 'other'];
export const LEVELS: readonly Level[] = [1, 2, 3, 4, 5];

type Schemas = components['schemas'];

export type SignalTheme = Schemas['SignalTheme'];
export type Signal = Schemas['Signal'];
export type SignalInput = Schemas['SignalInput'];
export type AssessmentInput = Schemas['SignalAssessmentInput'];
export type FeedbackInput = Schemas['SignalFeedbackInput'];
export type SignalList = Schemas['SignalPage'];

export interface SignalFilters {
  status?: SignalStatus;
  theme?: string;
  urgent?: boolean;
  shared?: boolean;
  feedbackOverdue?: boolean;
}

export type TensionWeek = Schemas['TensionWeek'];
export type TensionTheme = Schemas['ThemeTension'];
export type TensionPicture = Schemas['TensionPicture'];
export type TenantTension = Schemas['TenantTension'];
export type Shared = Schemas['Shared'];
export type MoodPictureSummary = Schemas['MoodPictureList']['items'][number];
export type MoodPicture = Schemas['MoodPicture'];
export type SignalsOverview = Schemas['SignalFigures'];

// --- permissions (network.permissions, as the server decides them) ---------------------------

/** Partners' coordinators and staff read every signal of the network. */
export function mayReadSignals(network: Network): boolean {
  return allowedIn(network, 'signals', 'read');
}

/** Crisis liaisons read only the signals shared with the crisis organisation. */
export function mayReadSharedSignals(network: Network): boolean {
  return allowedIn(network, 'signals', 'read-shared');
}

/** Any view of signals: all of them, or the shared ones. */
export function mayOpenSignals(network: Network): boolean {
  return mayReadSignals(network) || mayReadSharedSignals(network);
}

/** Coordinators (write) and staff (write-own) log signals. */
export function mayLogSignals(network: Network): boolean {
  return allowedIn(network, 'signals', 'write') || allowedIn(network, 'signals', 'write-own');
}

/** Coordinators manage the network's own themes, assess, share and record feedback. */
export function mayCoordinateSignals(network: Network): boolean {
  return allowedIn(network, 'signals', 'write');
}

/** The tension picture in full (levels and counts). */
export function mayReadTension(network: Network): boolean {
  return allowedIn(network, 'tension', 'read') || allowedIn(network, 'tension', 'read-aggregate');
}

/** The days within which feedback is due, as the network sets it (14 unless set). */
export function feedbackDays(network: Network): number {
  return typeof network.signalFeedbackDays === 'number' ? network.signalFeedbackDays : 14;
}

// --- paths and query keys -----------------------------------------------------------------------

const enc = encodeURIComponent;

export const signalPaths = {
  themes: (networkId: string) => `/networks/${enc(networkId)}/signal-themes`,
  theme: (networkId: string, key: string, action: 'archive' | 'restore') =>
    `/networks/${enc(networkId)}/signal-themes/${enc(key)}/${action}`,
  signals: (networkId: string) => `/networks/${enc(networkId)}/signals`,
  signal: (networkId: string, signalId: string) => `/networks/${enc(networkId)}/signals/${enc(signalId)}`,
  tension: (networkId: string) => `/networks/${enc(networkId)}/tension`,
  tenantTension: (slug: string) => `/tenants/${enc(slug)}/tension`,
  moodPictures: (networkId: string) => `/networks/${enc(networkId)}/mood-pictures`,
  moodPicture: (networkId: string, id: string) => `/networks/${enc(networkId)}/mood-pictures/${enc(id)}`,
};

/** Every query of this module starts with this key: one invalidation refreshes them all. */
export const SIGNALS_KEY = ['signals'] as const;

export const signalKeys = {
  themes: (networkId: string) => [...SIGNALS_KEY, networkId, 'themes'] as const,
  list: (networkId: string, filters: SignalFilters) => [...SIGNALS_KEY, networkId, 'list', filters] as const,
  signal: (networkId: string, signalId: string) => [...SIGNALS_KEY, networkId, 'signal', signalId] as const,
  tension: (networkId: string) => [...SIGNALS_KEY, networkId, 'tension'] as const,
  moodPictures: (networkId: string) => [...SIGNALS_KEY, networkId, 'mood-pictures'] as const,
  moodPicture: (networkId: string, id: string) => [...SIGNALS_KEY, networkId, 'mood-picture', id] as const,
};

/** The URL of a download (PDF) or plain-text form of a mood picture. */
export function moodPictureHref(networkId: string, id: string, form: 'pdf' | 'text'): string {
  return `${API_BASE}${signalPaths.moodPicture(networkId, id)}/${form}`;
}

// --- requests -------------------------------------------------------------------------------------

/**
 * A field → message map from a problem: the `errors` form (name → message) and the `fields`
 * form (name → {rule, message}) both become `errors`, which problemFieldErrors reads.
 */
function normalizedProblem(body: unknown, status: number): Problem {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as Problem & {
    fields?: Record<string, { rule?: string; message?: string } | string>;
  };
  const errors: Record<string, string> = { ...(problem.errors ?? {}) };
  for (const [name, value] of Object.entries(problem.fields ?? {})) {
    const message = typeof value === 'string' ? value : value?.message;
    if (message && errors[name] === undefined) errors[name] = message;
  }
  return {
    ...problem,
    type: problem.type ?? 'about:blank',
    title: typeof problem.title === 'string' ? problem.title : `HTTP ${status}`,
    status: typeof problem.status === 'number' ? problem.status : status,
    code: problem.code ?? 'internal',
    ...(Object.keys(errors).length > 0 ? { errors } : {}),
  };
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal | undefined;
  /** Read the answer as text instead of JSON. */
  asText?: boolean;
}

/** Calls the API at API_BASE + path; throws the problem (RFC 9457) when it fails. */
export async function apiRequest<T>(path: string, { method = 'GET', body, query, signal, asText }: RequestOptions = {}): Promise<T> {
  const url = new URL(`${API_BASE}${path}`, globalThis.location?.origin ?? 'http://localhost');
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') url.searchParams.set(name, String(value));
  }
  const headers: Record<string, string> = {
    Accept: asText ? 'text/plain' : 'application/json',
    'Accept-Language': currentLanguage(),
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await globalThis.fetch(
    new Request(url, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(signal ? { signal } : {}),
    }),
  );
  if (!response.ok) {
    let problem: unknown;
    try {
      problem = await response.json();
    } catch {
      problem = undefined;
    }
    throw normalizedProblem(problem, response.status);
  }
  if (asText) return (await response.text()) as T;
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A GET query of this module. */
export function useApiQuery<T>(
  key: readonly unknown[],
  path: string,
  options: { query?: RequestOptions['query']; enabled?: boolean } & Pick<UseQueryOptions<T>, 'placeholderData'> = {},
) {
  const { query, enabled = true, placeholderData } = options;
  return useQuery<T>({
    queryKey: key,
    queryFn: ({ signal }) => apiRequest<T>(path, { ...(query ? { query } : {}), signal }),
    enabled,
    ...(placeholderData !== undefined ? { placeholderData } : {}),
  });
}

/** A change: on success, everything of this module (and the network's overview) is refetched. */
export function useApiMutation<TBody, TResult>(method: 'POST' | 'PUT', path: (body: TBody) => string) {
  const queryClient = useQueryClient();
  return useMutation<TResult, unknown, TBody>({
    mutationFn: (body) => {
      const target = path(body);
      const payload = (body as { body?: unknown } | undefined)?.body;
      return apiRequest<TResult>(target, { method, ...(payload !== undefined ? { body: payload } : {}) });
    },
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: SIGNALS_KEY }),
        queryClient.invalidateQueries({ queryKey: ['get', '/api/v1/networks/{networkId}/overview'] }),
      ]).then(() => undefined),
  });
}

/** The themes of a network, archived ones last. */
export function useThemes(networkId: string, enabled = true) {
  return useApiQuery<{ items: SignalTheme[] }>(signalKeys.themes(networkId), signalPaths.themes(networkId), { enabled });
}

/** Urgent first, then the newest observed first (the server's order; kept when merging). */
export function sortSignals(signals: Signal[]): Signal[] {
  return [...signals].sort((a, b) => {
    if (a.urgent !== b.urgent) return a.urgent ? -1 : 1;
    return b.observedAt.localeCompare(a.observedAt);
  });
}

// --- dates --------------------------------------------------------------------------------------

/** "YYYY-MM-DD" plus `days` (calendar arithmetic, no time zone). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The level's colour-free class name suffix (for the chart and badges: shape carries it too). */
export function levelClass(level: number | null | undefined): string {
  return level ? `bg-level bg-level--${level}` : 'bg-level bg-level--none';
}

/** ▲ / ▼ / ▶ for a trend (decorative; the words are always beside it). */
export function trendArrow(trend: Trend | null | undefined): string {
  return trend === 'rising' ? '↑' : trend === 'falling' ? '↓' : trend === 'stable' ? '→' : '';
}
