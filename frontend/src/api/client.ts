import createFetchClient, { type Middleware } from 'openapi-fetch';
import createQueryClient from 'openapi-react-query';
import { currentLanguage } from '../i18n';
import type { components, paths as documentPaths } from './schema';

/**
 * The server URL of the API document: its paths are relative to it (the major
 * version is in the URL, NL API Design Rules API-20).
 */
export const API_BASE = '/api/v1';

/** The document's paths under API_BASE: the web app calls the API by full path. */
export type paths = {
  [P in keyof documentPaths as `${typeof API_BASE}${P & string}`]: documentPaths[P];
};

export type Problem = components['schemas']['Problem'];
export type DirectoryEntry = components['schemas']['DirectoryEntry'];
export type TenantKind = components['schemas']['TenantKind'];
export type Me = components['schemas']['Me'];
export type Session = components['schemas']['Session'];
export type User = components['schemas']['User'];
export type UserStatus = User['status'];
export type RoleEntry = components['schemas']['RoleList']['items'][number];
export type SSOSettings = components['schemas']['SSOSettings'];
export type SSOSettingsInput = components['schemas']['SSOSettingsInput'];
export type AuditEvent = components['schemas']['AuditEvent'];
export type Tenant = components['schemas']['Tenant'];
export type TenantOversight = components['schemas']['TenantOversight'];
export type OversightStatus = TenantOversight['status'];
export type Notification = components['schemas']['Notification'];
export type NotificationKind = Notification['kind'];
export type Inbox = components['schemas']['Inbox'];
export type SSOProposal = components['schemas']['SSOProposal'];
export type Network = components['schemas']['Network'];
export type NetworkPartner = Network['partners'][number];
export type NetworkInput = components['schemas']['NetworkInput'];
export type NetworkCreate = components['schemas']['NetworkCreate'];
export type NetworkLevel = Network['level'];
export type Ally = components['schemas']['Ally'];
export type AllyInput = components['schemas']['AllyInput'];
export type AllyStatus = AllyInput['status'];
export type AgeBand = Exclude<NonNullable<AllyInput['ageBand']>, ''>;
export type Gender = Exclude<NonNullable<AllyInput['gender']>, ''>;
export type AllySpecial = components['schemas']['AllySpecial'];
export type Representation = components['schemas']['Representation'];
export type Breakdown = components['schemas']['Breakdown'];
export type Coverage = components['schemas']['Coverage'];
export type Covered = components['schemas']['Covered'];
export type NetworkPhase = Network['phase'];

export const NETWORK_LEVELS: readonly NetworkLevel[] = ['municipality', 'district', 'neighbourhood'];
export const NETWORK_PHASES: readonly NetworkPhase[] = ['exploring', 'starting', 'active', 'sustaining'];

export const ALLY_STATUSES: readonly AllyStatus[] = ['candidate', 'active', 'paused', 'left'];
export const AGE_BANDS: readonly AgeBand[] = ['under-18', '18-25', '26-40', '41-65', 'over-65'];
export const GENDERS: readonly Gender[] = ['woman', 'man', 'non-binary', 'self-described'];

export const TENANT_KINDS: readonly TenantKind[] = ['bureau', 'municipality', 'police_unit'];

export function isTenantKind(value: unknown): value is TenantKind {
  return typeof value === 'string' && (TENANT_KINDS as readonly string[]).includes(value);
}

/** Sends the UI language so that problem titles come back in it. */
const acceptLanguage: Middleware = {
  onRequest({ request }) {
    if (!request.headers.has('Accept-Language')) {
      request.headers.set('Accept-Language', currentLanguage());
    }
    return request;
  },
};

export const fetchClient = createFetchClient<paths>({
  // An absolute base keeps Request() happy outside browsers (jsdom in unit tests).
  baseUrl: globalThis.location?.origin ?? '',
  // Resolve fetch at call time, so tests (and polyfills) that replace it are honoured.
  fetch: (request) => globalThis.fetch(request),
  headers: { Accept: 'application/json' },
});
fetchClient.use(acceptLanguage);

export const $api = createQueryClient(fetchClient);

/** A problem+json body (RFC 9457), as far as we can tell. */
export function isProblem(error: unknown): error is Problem {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { title?: unknown }).title === 'string'
  );
}

/** The HTTP status of a problem, if `error` is one. */
export function problemStatus(error: unknown): number | undefined {
  return isProblem(error) && typeof error.status === 'number' ? error.status : undefined;
}

/** Not signed in (any more): the session is missing or has expired. */
export function isUnauthorized(error: unknown): boolean {
  return problemStatus(error) === 401;
}

/** Signed in, but not allowed. */
export function isForbidden(error: unknown): boolean {
  return problemStatus(error) === 403;
}

/** The field → message map of a validation problem (empty when there is none). */
export function problemFieldErrors(error: unknown): Record<string, string> {
  if (!isProblem(error) || typeof error.errors !== 'object' || error.errors === null) return {};
  return Object.fromEntries(
    Object.entries(error.errors).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}
