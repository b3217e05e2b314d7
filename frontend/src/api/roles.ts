import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../i18n';
import { $api, type RoleEntry } from './client';

/** The roles people of an organisation can hold, with Dutch and English labels. */
export function useRoleCatalogue(tenant: string) {
  const query = $api.useQuery('get', '/api/v1/tenants/{tenant}/roles', { params: { path: { tenant } } });
  const items = query.data?.items;
  const byRole = useMemo(() => new Map((items ?? []).map((entry) => [entry.role, entry])), [items]);
  return { query, items: items ?? [], byRole };
}

export function roleLabel(entry: RoleEntry | undefined, role: string, language: Language): string {
  if (!entry) return role;
  return language === 'en' ? entry.labelEn : entry.labelNl;
}

/** Every role of the catalogue (authz/catalogue.go), with a label in src/i18n (roles.*). */
const KNOWN_ROLES = [
  'coordinator',
  'staff',
  'crisis-liaison',
  'tenant-admin',
  'bureau-advisor',
  'bureau-admin',
  'operator',
  'overseer',
] as const;
type KnownRole = (typeof KNOWN_ROLES)[number];

function isKnownRole(role: string): role is KnownRole {
  return (KNOWN_ROLES as readonly string[]).includes(role);
}

/**
 * A role's name in the UI language without asking the API (the catalogue endpoint is for
 * administrators): for texts everyone reads, such as notifications. Unknown roles stay as they are.
 */
export function useRoleName(): (role: string) => string {
  const { t } = useTranslation();
  return (role) => (isKnownRole(role) ? t(`roles.${role}`) : role);
}
