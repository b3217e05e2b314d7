import { describe, expect, it } from 'vitest';
import { formFromSettings, inputFromForm, mapSsoErrors, newGroupRow, validateGroups } from './ssoForm';

describe('SSO form mapping', () => {
  it('round-trips the stored settings, leaving the secret out unless one is typed', () => {
    const form = formFromSettings({
      issuer: 'https://idp.example',
      clientId: 'c',
      clientSecretSet: true,
      scopes: ['openid', 'email'],
      emailDomains: ['a.nl', 'b.nl'],
      groupsClaim: 'roles',
      groupRoles: { z: ['staff'], a: ['tenant-admin', 'coordinator'] },
      provisioning: 'approval',
      updatedAt: '2026-01-01T00:00:00Z',
    });
    expect(form.groups.map((g) => g.name)).toEqual(['a', 'z']);
    const input = inputFromForm(form, ['coordinator', 'staff', 'tenant-admin']);
    expect(input).toEqual({
      issuer: 'https://idp.example',
      clientId: 'c',
      scopes: ['openid', 'email'],
      emailDomains: ['a.nl', 'b.nl'],
      groupsClaim: 'roles',
      groupRoles: { a: ['coordinator', 'tenant-admin'], z: ['staff'] },
      provisioning: 'approval',
    });
    expect(inputFromForm({ ...form, clientSecret: 'new' }).clientSecret).toBe('new');
  });

  it('drops empty group rows and flags nameless or repeated ones', () => {
    const empty = newGroupRow();
    const nameless = newGroupRow('', ['staff']);
    const first = newGroupRow('g', ['staff']);
    const again = newGroupRow(' g ', ['coordinator']);
    const errors = validateGroups([empty, nameless, first, again]);
    expect([...errors]).toEqual([
      [nameless.key, 'nameRequired'],
      [again.key, 'nameDuplicate'],
    ]);
    expect(inputFromForm({ ...formFromSettings(undefined), groups: [empty, first] }).groupRoles).toEqual({
      g: ['staff'],
    });
  });

  it('sorts API field errors onto fields and group rows', () => {
    const row = newGroupRow('BG-Staf', ['staff']);
    const mapped = mapSsoErrors(
      {
        issuer: 'Ongeldige waarde.',
        'scopes[0]': 'Minimaal 1 tekens.',
        'emailDomains[2]': 'Ongeldige waarde.',
        emailDomains: 'Al in gebruik.',
        'groupRoles.BG-Staf': 'Ongeldige rol.',
        'groupRoles[]': 'Minimaal 1 tekens.',
        tenant: 'Onbekend.',
      },
      [row],
    );
    expect(mapped.fields).toEqual({
      issuer: 'Ongeldige waarde.',
      scopes: 'Minimaal 1 tekens.',
      emailDomains: 'Ongeldige waarde. Al in gebruik.',
      groupRoles: 'Minimaal 1 tekens.',
    });
    expect([...mapped.rows]).toEqual([[row.key, 'Ongeldige rol.']]);
    expect(mapped.other).toEqual([['tenant', 'Onbekend.']]);
  });
});
