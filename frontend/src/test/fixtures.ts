import type { DirectoryEntry, Me, Network, RoleEntry } from '../api/client';

const SESSION_EXPIRES = '2026-11-29T22:00:00Z';

export const coordinator: Me = {
  user: { id: '00000000-0000-7000-8000-000000000001', name: 'Coördinator (demo) — utrecht', email: 'coordinator@utrecht.demo' },
  tenant: { id: '00000000-0000-7000-8000-0000000000a1', slug: 'utrecht', name: 'Gemeente Utrecht', kind: 'municipality' },
  roles: ['coordinator'],
  permissions: {
    org: ['read', 'write'],
    contacts: ['read', 'write'],
    oversight: ['read'],
    peers: ['read'],
    self: ['read', 'write'],
  },
  sessionExpiresAt: SESSION_EXPIRES,
  unreadNotifications: 0,
  reach: [],
};

export const tenantAdmin: Me = {
  user: { id: '00000000-0000-7000-8000-000000000002', name: 'Beheerder (demo) — houten', email: 'tenant-admin@houten.demo' },
  tenant: { id: '00000000-0000-7000-8000-0000000000a2', slug: 'houten', name: 'Gemeente Houten', kind: 'municipality' },
  roles: ['tenant-admin'],
  permissions: {
    admin: ['read', 'write'],
    audit: ['read'],
    org: ['read'],
    self: ['read', 'write'],
  },
  sessionExpiresAt: SESSION_EXPIRES,
  unreadNotifications: 0,
  reach: [],
};

export const operator: Me = {
  user: { id: '00000000-0000-7000-8000-000000000003', name: 'Platformoperator (demo) — platform', email: 'operator@platform.demo' },
  tenant: { id: '00000000-0000-7000-8000-0000000000a3', slug: 'platform', name: 'Platformbeheer (demo)', kind: 'platform' },
  roles: ['operator'],
  permissions: { tenants: ['read', 'write'], admin: ['read', 'write'], audit: ['read'], self: ['read', 'write'] },
  sessionExpiresAt: SESSION_EXPIRES,
  unreadNotifications: 0,
  reach: [],
};

export const bureauAdvisor: Me = {
  user: { id: '00000000-0000-7000-8000-000000000004', name: 'Adviseur (demo) — bureau-rvs', email: 'bureau-advisor@bureau-rvs.demo' },
  tenant: { id: '00000000-0000-7000-8000-0000000000a4', slug: 'bureau-rvs', name: 'Bureau Regionale Veiligheidsstrategie', kind: 'bureau' },
  roles: ['bureau-advisor'],
  permissions: { org: ['read'], oversight: ['read', 'write'], peers: ['read', 'write'], self: ['read', 'write'] },
  sessionExpiresAt: SESSION_EXPIRES,
  unreadNotifications: 0,
  reach: [],
};

export const bureauAdmin: Me = {
  user: { id: '00000000-0000-7000-8000-000000000005', name: 'Beheerder (demo) — bureau-rvs', email: 'bureau-admin@bureau-rvs.demo' },
  tenant: bureauAdvisor.tenant,
  roles: ['bureau-admin'],
  permissions: {
    org: ['read'],
    oversight: ['read', 'write', 'manage'],
    peers: ['read', 'write'],
    admin: ['read', 'write'],
    self: ['read', 'write'],
  },
  sessionExpiresAt: SESSION_EXPIRES,
  unreadNotifications: 0,
  reach: [],
};

export const municipalRoles: RoleEntry[] = [
  { role: 'coordinator', labelNl: 'Coördinator', labelEn: 'Coordinator' },
  { role: 'staff', labelNl: 'Medewerker', labelEn: 'Staff member' },
  { role: 'crisis-liaison', labelNl: 'Contactpersoon crisisorganisatie', labelEn: 'Crisis-organisation liaison' },
  { role: 'tenant-admin', labelNl: 'Beheerder organisatie', labelEn: 'Organisation administrator' },
];

export const directory: DirectoryEntry[] = [
  { slug: 'utrecht', name: 'Gemeente Utrecht', kind: 'municipality' },
  { slug: 'bureau-rvs', name: 'Bureau Regionale Veiligheidsstrategie', kind: 'bureau' },
  { slug: 'zeist', name: 'Gemeente Zeist', kind: 'municipality' },
  { slug: 'basisteam-utrecht-centrum', name: 'Basisteam Utrecht-Centrum', kind: 'police_unit' },
];

const READS = ['read', 'read-own', 'read-shared', 'read-crisis', 'read-aggregate', 'read-summary', 'read-progress'];

/**
 * The network as the API answers it to `me`: its permissions as the server
 * decides them (authz.NetworkPermissions) — all of me's own permissions when
 * me's organisation is an active partner, only the reading ones otherwise.
 */
export function asSeenBy(network: Network, me: Me): Network {
  const partner = network.partners.some((p) => p.active && !p.leftAt && p.tenant.slug === me.tenant.slug);
  const permissions: Record<string, string[]> = {};
  for (const [category, actions] of Object.entries(me.permissions)) {
    const allowed = partner ? actions : actions.filter((a) => READS.includes(a));
    if (allowed.length > 0) permissions[category] = allowed;
  }
  return { ...network, permissions };
}
