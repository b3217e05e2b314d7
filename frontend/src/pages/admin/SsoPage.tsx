import { useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import {
  Alert,
  Button,
  ButtonGroup,
  Fieldset,
  FieldsetLegend,
  FormFieldCheckbox,
  FormFieldDescription,
  FormFieldErrorMessage,
  Heading,
  Paragraph,
} from '@utrecht/component-library-react';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  $api,
  isForbidden,
  problemFieldErrors,
  problemStatus,
  type RoleEntry,
  type SSOSettings,
} from '../../api/client';
import { can, useSignedInMe } from '../../api/me';
import { roleLabel, useRoleCatalogue } from '../../api/roles';
import { RadioField, TextAreaField, TextField } from '../../components/fields';
import { NoAccess } from '../../components/NoAccess';
import { ProblemAlert, type FieldProblem } from '../../components/ProblemAlert';
import { Loading, QueryError } from '../../components/QueryError';
import { currentLanguage } from '../../i18n';
import { browser, loginUrl } from '../../navigation';
import { AdminHeading } from './AdminHeading';
import {
  formFromSettings,
  inputFromForm,
  mapSsoErrors,
  newGroupRow,
  validateGroups,
  type GroupRow,
  type GroupRowError,
  type Provisioning,
  type SsoField,
  type SsoFormValues,
} from './ssoForm';

const route = getRouteApi('/signedIn/beheer/sso');
const SSO_PATH = '/api/v1/tenants/{tenant}/sso';
/** Where the server sends the browser back to after a test sign-in. */
export const SSO_PAGE_PATH = '/beheer/sso';

const FIELD_IDS: Record<SsoField, string> = {
  issuer: 'sso-issuer',
  clientId: 'sso-client-id',
  clientSecret: 'sso-client-secret',
  scopes: 'sso-scopes',
  emailDomains: 'sso-email-domains',
  groupsClaim: 'sso-groups-claim',
  groupRoles: 'sso-add-group',
  provisioning: 'sso-provisioning-jit',
};

const groupNameId = (row: GroupRow) => `sso-group-${row.key}-name`;

export function SsoPage() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const tenant = me.tenant.slug;
  const search = route.useSearch();
  const queryClient = useQueryClient();
  const settings = $api.useQuery('get', SSO_PATH, { params: { path: { tenant } } });
  const { items: catalogue, query: rolesQuery } = useRoleCatalogue(tenant);
  const [saved, setSaved] = useState(false);
  const savedRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (saved) savedRef.current?.focus();
  }, [saved]);

  if (isForbidden(settings.error)) return <NoAccess />;

  // 404: single sign-on has not been set up yet; the form starts empty.
  const notConfigured = problemStatus(settings.error) === 404;
  const ready = (settings.isSuccess || notConfigured) && !rolesQuery.isPending;

  return (
    <>
      <AdminHeading title={t('sso.title')} />
      <Paragraph>{t('sso.intro', { organisation: me.tenant.name })}</Paragraph>

      {search.sso_test === 'ok' && (
        <Alert type="ok">
          <Heading level={2}>{t('sso.testOkTitle')}</Heading>
          <Paragraph>
            {search.email ? t('sso.testOk', { email: search.email }) : t('sso.testOkNoEmail')}
          </Paragraph>
        </Alert>
      )}
      {saved && (
        <Alert type="ok" ref={savedRef} tabIndex={-1}>
          <Paragraph>{t('sso.saved')}</Paragraph>
        </Alert>
      )}
      {notConfigured && (
        <Alert type="info">
          <Paragraph>{t('sso.notConfigured')}</Paragraph>
        </Alert>
      )}

      {(settings.isPending || rolesQuery.isPending) && <Loading />}
      {settings.isError && !notConfigured && (
        <QueryError error={settings.error} onRetry={() => void settings.refetch()} />
      )}
      {rolesQuery.isError && <QueryError error={rolesQuery.error} onRetry={() => void rolesQuery.refetch()} />}

      {ready && (
        <SsoForm
          // A fresh form for every stored version (after saving, the secret field empties).
          key={settings.data?.updatedAt ?? 'new'}
          settings={settings.data}
          catalogue={catalogue}
          mayWrite={can(me, 'admin', 'write')}
          onSaved={(stored) => {
            queryClient.setQueryData($api.queryOptions('get', SSO_PATH, { params: { path: { tenant } } }).queryKey, stored);
            setSaved(true);
          }}
          onEdit={() => setSaved(false)}
        />
      )}

      {settings.isSuccess && (
        <>
          <Heading level={2}>{t('sso.testHeading')}</Heading>
          <Paragraph>{t('sso.testText')}</Paragraph>
          <Button
            appearance="secondary-action-button"
            onClick={() => browser.assign(loginUrl(tenant, { test: true, returnTo: SSO_PAGE_PATH }))}
          >
            {t('sso.testButton')}
          </Button>
        </>
      )}
    </>
  );
}

interface SsoFormProps {
  settings: SSOSettings | undefined;
  catalogue: RoleEntry[];
  mayWrite: boolean;
  onSaved: (stored: SSOSettings) => void;
  onEdit: () => void;
}

function SsoForm({ settings, catalogue, mayWrite, onSaved, onEdit }: SsoFormProps) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const me = useSignedInMe();
  const [values, setValues] = useState<SsoFormValues>(() => formFromSettings(settings));
  const [rowErrors, setRowErrors] = useState<Map<number, GroupRowError>>(new Map());
  const [showErrors, setShowErrors] = useState(0); // bumps to move focus to the summary again
  const addGroupRef = useRef<HTMLButtonElement>(null);
  const save = $api.useMutation('put', SSO_PATH);

  const serverErrors = useMemo(
    () => mapSsoErrors(problemFieldErrors(save.error), values.groups),
    // Sorted onto the rows as they were when the answer came (rows keep their keys).
    [save.error], // eslint-disable-line react-hooks/exhaustive-deps
  );

  const update = <K extends keyof SsoFormValues>(key: K, value: SsoFormValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
    onEdit();
  };
  const updateRow = (key: number, change: Partial<GroupRow>) =>
    update(
      'groups',
      values.groups.map((row) => (row.key === key ? { ...row, ...change } : row)),
    );

  const fieldLabel: Record<SsoField, string> = {
    issuer: t('sso.issuer'),
    clientId: t('sso.clientId'),
    clientSecret: t('sso.clientSecret'),
    scopes: t('sso.scopes'),
    emailDomains: t('sso.emailDomains'),
    groupsClaim: t('sso.groupsClaim'),
    groupRoles: t('sso.groupRoles'),
    provisioning: t('sso.provisioning'),
  };
  const fieldError = (field: SsoField) => serverErrors.fields[field];
  const rowError = (row: GroupRow) => {
    const local = rowErrors.get(row.key);
    return local ? t(`sso.${local}`) : serverErrors.rows.get(row.key);
  };

  // Error summary: every message, linked to its field.
  const summary: FieldProblem[] = [
    ...(Object.entries(serverErrors.fields) as Array<[SsoField, string]>).map(([field, message]) => ({
      id: FIELD_IDS[field],
      label: fieldLabel[field],
      message,
    })),
    ...values.groups.flatMap((row, index) => {
      const message = rowError(row);
      return message ? [{ id: groupNameId(row), label: t('sso.groupLegend', { number: index + 1 }), message }] : [];
    }),
    ...serverErrors.other.map(([key, message]) => ({ label: key, message })),
  ];

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (save.isPending) return;
    const local = validateGroups(values.groups);
    setRowErrors(local);
    if (local.size > 0) {
      save.reset();
      setShowErrors((n) => n + 1);
      return;
    }
    save.mutate(
      {
        params: { path: { tenant: me.tenant.slug } },
        body: inputFromForm(
          values,
          catalogue.map((entry) => entry.role),
        ),
      },
      {
        onSuccess: (stored) => {
          setValues(formFromSettings(stored)); // the secret field empties again
          onSaved(stored);
        },
        onError: () => setShowErrors((n) => n + 1),
      },
    );
  };

  const secretPlaceholder = settings?.clientSecretSet ? t('sso.secretStored') : t('sso.secretNone');

  return (
    <form noValidate onSubmit={submit} className="bg-form" aria-label={t('sso.formLabel')}>
      {(save.isError || rowErrors.size > 0) && (
        <ProblemAlert
          key={showErrors}
          error={save.isError ? save.error : { title: t('sso.errorTitle') }}
          fields={summary}
          focusOnShow
        />
      )}

      <TextField
        id={FIELD_IDS.issuer}
        label={t('sso.issuer')}
        description={t('sso.issuerDescription')}
        type="url"
        autoComplete="off"
        spellCheck={false}
        required
        value={values.issuer}
        onChange={(v) => update('issuer', v)}
        error={fieldError('issuer')}
      />
      <TextField
        id={FIELD_IDS.clientId}
        label={t('sso.clientId')}
        autoComplete="off"
        spellCheck={false}
        required
        value={values.clientId}
        onChange={(v) => update('clientId', v)}
        error={fieldError('clientId')}
      />
      <TextField
        id={FIELD_IDS.clientSecret}
        label={t('sso.clientSecret')}
        description={`${secretPlaceholder} ${t('sso.secretDescription')}`}
        type="password"
        autoComplete="new-password"
        placeholder={secretPlaceholder}
        value={values.clientSecret}
        onChange={(v) => update('clientSecret', v)}
        error={fieldError('clientSecret')}
      />
      <TextField
        id={FIELD_IDS.scopes}
        label={t('sso.scopes')}
        description={t('sso.scopesDescription')}
        autoComplete="off"
        spellCheck={false}
        value={values.scopes}
        onChange={(v) => update('scopes', v)}
        error={fieldError('scopes')}
      />
      <TextAreaField
        id={FIELD_IDS.emailDomains}
        label={t('sso.emailDomains')}
        description={t('sso.emailDomainsDescription')}
        rows={3}
        spellCheck={false}
        value={values.emailDomains}
        onChange={(v) => update('emailDomains', v)}
        error={fieldError('emailDomains')}
      />
      <TextField
        id={FIELD_IDS.groupsClaim}
        label={t('sso.groupsClaim')}
        description={t('sso.groupsClaimDescription')}
        autoComplete="off"
        spellCheck={false}
        value={values.groupsClaim}
        onChange={(v) => update('groupsClaim', v)}
        error={fieldError('groupsClaim')}
      />

      <Fieldset
        invalid={Boolean(fieldError('groupRoles'))}
        aria-describedby={fieldError('groupRoles') ? 'sso-groups-description sso-groups-error' : 'sso-groups-description'}
        className="bg-groups"
      >
        <FieldsetLegend>{t('sso.groupRoles')}</FieldsetLegend>
        <FormFieldDescription id="sso-groups-description">{t('sso.groupRolesDescription')}</FormFieldDescription>
        {fieldError('groupRoles') && (
          <FormFieldErrorMessage id="sso-groups-error">{fieldError('groupRoles')}</FormFieldErrorMessage>
        )}
        {values.groups.length === 0 && <Paragraph>{t('sso.noGroups')}</Paragraph>}
        {values.groups.map((row, index) => {
          const error = rowError(row);
          const legend = t('sso.groupLegend', { number: index + 1 });
          return (
            <Fieldset key={row.key} invalid={Boolean(error)} className="bg-group-row">
              <FieldsetLegend>{row.name.trim() ? `${legend}: ${row.name.trim()}` : legend}</FieldsetLegend>
              <TextField
                id={groupNameId(row)}
                label={t('sso.groupName')}
                autoComplete="off"
                spellCheck={false}
                value={row.name}
                onChange={(v) => updateRow(row.key, { name: v })}
                error={error}
              />
              <Fieldset className="bg-group-roles">
                <FieldsetLegend>{t('sso.groupRolesLegend')}</FieldsetLegend>
                {catalogue.map((entry) => (
                  <FormFieldCheckbox
                    key={entry.role}
                    name={`group-${row.key}-roles`}
                    value={entry.role}
                    label={roleLabel(entry, entry.role, language)}
                    checked={row.roles.includes(entry.role)}
                    onChange={(event) => {
                      const checked = event.currentTarget.checked;
                      updateRow(row.key, {
                        roles: checked ? [...row.roles, entry.role] : row.roles.filter((r) => r !== entry.role),
                      });
                    }}
                  />
                ))}
              </Fieldset>
              <Button
                type="button"
                appearance="subtle-button"
                onClick={() => {
                  update(
                    'groups',
                    values.groups.filter((r) => r.key !== row.key),
                  );
                  addGroupRef.current?.focus();
                }}
              >
                {t('sso.removeGroup')}{' '}
                <span className="bg-visually-hidden">{row.name.trim() || legend}</span>
              </Button>
            </Fieldset>
          );
        })}
        <Button
          type="button"
          id={FIELD_IDS.groupRoles}
          ref={addGroupRef}
          appearance="secondary-action-button"
          onClick={() => {
            const row = newGroupRow();
            update('groups', [...values.groups, row]);
            requestAnimationFrame(() => document.getElementById(groupNameId(row))?.focus());
          }}
        >
          {t('sso.addGroup')}
        </Button>
      </Fieldset>

      <Fieldset
        invalid={Boolean(fieldError('provisioning'))}
        aria-describedby={fieldError('provisioning') ? 'sso-provisioning-error' : undefined}
      >
        <FieldsetLegend>{t('sso.provisioning')}</FieldsetLegend>
        {fieldError('provisioning') && (
          <FormFieldErrorMessage id="sso-provisioning-error">{fieldError('provisioning')}</FormFieldErrorMessage>
        )}
        {(['jit', 'approval'] as Provisioning[]).map((option) => (
          <RadioField
            key={option}
            id={`sso-provisioning-${option}`}
            name="provisioning"
            value={option}
            checked={values.provisioning === option}
            onChange={() => update('provisioning', option)}
            label={t(`sso.provisioningOptions.${option}`)}
            description={t(`sso.provisioningOptions.${option}Description`)}
            invalid={Boolean(fieldError('provisioning'))}
          />
        ))}
      </Fieldset>

      {mayWrite && (
        <ButtonGroup>
          <Button type="submit" appearance="primary-action-button" busy={save.isPending}>
            {t('common.save')}
          </Button>
        </ButtonGroup>
      )}
    </form>
  );
}
