import { useMemo } from 'react';
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
