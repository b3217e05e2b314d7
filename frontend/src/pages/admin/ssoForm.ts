import type { SSOSettings, SSOSettingsInput } from '../../api/client';

/** One row of the group → roles editor. `key` only keeps React's rows apart. */
export interface GroupRow {
  key: number;
  name: string;
  roles: string[];
}

export type Provisioning = SSOSettingsInput['provisioning'];

export interface SsoFormValues {
  issuer: string;
  clientId: string;
  /** Empty: keep the stored secret. */
  clientSecret: string;
  /** Space-separated. */
  scopes: string;
  /** One per line. */
  emailDomains: string;
  groupsClaim: string;
  groups: GroupRow[];
  provisioning: Provisioning;
}

/** The fields the API may name in `errors` (their keys can carry a suffix: "scopes[0]"). */
export const SSO_FIELDS = [
  'issuer',
  'clientId',
  'clientSecret',
  'scopes',
  'emailDomains',
  'groupsClaim',
  'groupRoles',
  'provisioning',
] as const;
export type SsoField = (typeof SSO_FIELDS)[number];

/** Whether `name` is one of the SSO settings (as proposals and notifications name them). */
export function isSsoField(name: string): name is SsoField {
  return (SSO_FIELDS as readonly string[]).includes(name);
}

let nextKey = 1;
export function newGroupRow(name = '', roles: string[] = []): GroupRow {
  return { key: nextKey++, name, roles };
}

export function formFromSettings(settings: SSOSettings | undefined): SsoFormValues {
  if (!settings) {
    return {
      issuer: '',
      clientId: '',
      clientSecret: '',
      scopes: 'openid email profile',
      emailDomains: '',
      groupsClaim: 'groups',
      groups: [],
      provisioning: 'approval',
    };
  }
  return {
    issuer: settings.issuer,
    clientId: settings.clientId,
    clientSecret: '',
    scopes: settings.scopes.join(' '),
    emailDomains: settings.emailDomains.join('\n'),
    groupsClaim: settings.groupsClaim,
    groups: Object.entries(settings.groupRoles)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, roles]) => newGroupRow(name, [...roles])),
    provisioning: settings.provisioning,
  };
}

/** Rows with neither a name nor a role are left out; they are what "add group" leaves behind. */
function usedRows(groups: GroupRow[]): GroupRow[] {
  return groups.filter((row) => row.name.trim() !== '' || row.roles.length > 0);
}

export type GroupRowError = 'nameRequired' | 'nameDuplicate';

/** What the server cannot tell us per row: a missing or repeated group name. */
export function validateGroups(groups: GroupRow[]): Map<number, GroupRowError> {
  const errors = new Map<number, GroupRowError>();
  const seen = new Set<string>();
  for (const row of usedRows(groups)) {
    const name = row.name.trim();
    if (name === '') errors.set(row.key, 'nameRequired');
    else if (seen.has(name)) errors.set(row.key, 'nameDuplicate');
    seen.add(name);
  }
  return errors;
}

export function inputFromForm(values: SsoFormValues, roleOrder: string[] = []): SSOSettingsInput {
  const order = (role: string) => {
    const i = roleOrder.indexOf(role);
    return i === -1 ? roleOrder.length : i;
  };
  const input: SSOSettingsInput = {
    issuer: values.issuer.trim(),
    clientId: values.clientId.trim(),
    scopes: values.scopes.split(/\s+/).filter(Boolean),
    emailDomains: values.emailDomains
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
    groupsClaim: values.groupsClaim.trim(),
    groupRoles: Object.fromEntries(
      usedRows(values.groups).map((row) => [row.name.trim(), [...row.roles].sort((a, b) => order(a) - order(b))]),
    ),
    provisioning: values.provisioning,
  };
  // Write-only: leaving it out keeps the stored secret.
  if (values.clientSecret !== '') input.clientSecret = values.clientSecret;
  return input;
}

export interface SsoErrors {
  /** per form field */
  fields: Partial<Record<SsoField, string>>;
  /** per group row (by row key), for errors the API names "groupRoles.<group>" */
  rows: Map<number, string>;
  /** anything else the API named */
  other: Array<[string, string]>;
}

function append(current: string | undefined, message: string): string {
  return current && current !== message ? `${current} ${message}` : message;
}

/**
 * Sorts the API's `errors` (field → message) onto the form: "scopes[0]" belongs to the
 * scopes field, "groupRoles.<group>" (or "groupRoles[<group>]") to that group's row.
 */
export function mapSsoErrors(errors: Record<string, string>, groups: GroupRow[]): SsoErrors {
  const out: SsoErrors = { fields: {}, rows: new Map(), other: [] };
  for (const [key, message] of Object.entries(errors)) {
    const match = /^([A-Za-z]+)(.*)$/.exec(key);
    const base = match?.[1] ?? key;
    const rest = match?.[2] ?? '';
    if (!(SSO_FIELDS as readonly string[]).includes(base)) {
      out.other.push([key, message]);
      continue;
    }
    const field = base as SsoField;
    if (field === 'groupRoles') {
      const group = /^\.(.+)$/.exec(rest)?.[1] ?? /^\[([^\]]+)\]/.exec(rest)?.[1];
      const row = group === undefined ? undefined : groups.find((r) => r.name.trim() === group);
      if (row) {
        out.rows.set(row.key, append(out.rows.get(row.key), message));
        continue;
      }
    }
    out.fields[field] = append(out.fields[field], message);
  }
  return out;
}
