import { useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import {
  Alert,
  Button,
  ButtonGroup,
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
  Fieldset,
  FieldsetLegend,
  FormFieldCheckbox,
  FormFieldDescription,
  FormFieldErrorMessage,
  Heading,
  Paragraph,
  UnorderedList,
  UnorderedListItem,
} from '@utrecht/component-library-react';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  $api,
  isForbidden,
  problemFieldErrors,
  problemStatus,
  type RoleEntry,
  type SSOProposal,
  type SSOSettings,
} from '../../api/client';
import { can, useSignedInMe } from '../../api/me';
import { roleLabel, useRoleCatalogue } from '../../api/roles';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { RadioField, TextAreaField, TextField } from '../../components/fields';
import { NoAccess } from '../../components/NoAccess';
import { ProblemAlert, type FieldProblem } from '../../components/ProblemAlert';
import { Loading, QueryError } from '../../components/QueryError';
import { formatDateTime } from '../../format';
import { currentLanguage } from '../../i18n';
import { browser, loginUrl } from '../../navigation';
import { AdminHeading } from './AdminHeading';
import {
  formFromSettings,
  inputFromForm,
  isSsoField,
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
const PROPOSAL_PATH = '/api/v1/tenants/{tenant}/sso/proposal';
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
  const proposal = $api.useQuery('get', PROPOSAL_PATH, { params: { path: { tenant } } });
  const { items: catalogue, query: rolesQuery } = useRoleCatalogue(tenant);
  const [saved, setSaved] = useState<'saved' | 'confirmed' | 'rejected'>();
  const savedRef = useRef<HTMLDivElement>(null);
  const [savedCount, setSavedCount] = useState(0);

  useEffect(() => {
    if (savedCount > 0) savedRef.current?.focus();
  }, [savedCount]);

  const settingsKey = $api.queryOptions('get', SSO_PATH, { params: { path: { tenant } } }).queryKey;
  const showSaved = (what: 'saved' | 'confirmed' | 'rejected') => {
    setSaved(what);
    setSavedCount((n) => n + 1);
  };

  if (isForbidden(settings.error)) return <NoAccess />;

  // 404: single sign-on has not been set up yet; the form starts empty.
  const notConfigured = problemStatus(settings.error) === 404;
  const ready = (settings.isSuccess || notConfigured) && !rolesQuery.isPending;
  const waiting = proposal.data?.proposal;

  return (
    <>
      <AdminHeading title={t('sso.title')} />
      <Paragraph>{t('sso.intro', { organisation: me.tenant.name })}</Paragraph>

      {waiting && (
        <ProposalPanel
          proposal={waiting}
          catalogue={catalogue}
          mayWrite={can(me, 'admin', 'write')}
          onConfirmed={(stored) => {
            queryClient.setQueryData(settingsKey, stored);
            void queryClient.invalidateQueries({ queryKey: ['get', SSO_PATH] });
            void queryClient.invalidateQueries({ queryKey: ['get', PROPOSAL_PATH] });
            showSaved('confirmed');
          }}
          onRejected={() => {
            void queryClient.invalidateQueries({ queryKey: ['get', SSO_PATH] });
            void queryClient.invalidateQueries({ queryKey: ['get', PROPOSAL_PATH] });
            showSaved('rejected');
          }}
        />
      )}
      {proposal.isError && !isForbidden(proposal.error) && problemStatus(proposal.error) !== 404 && (
        <QueryError error={proposal.error} onRetry={() => void proposal.refetch()} />
      )}

      {search.sso_test === 'ok' && (
        <Alert type="ok">
          <Heading level={2}>{t('sso.testOkTitle')}</Heading>
          <Paragraph>{t('sso.testOkNoEmail')}</Paragraph>
        </Alert>
      )}
      {saved && (
        <Alert type="ok" ref={savedRef} tabIndex={-1}>
          <Paragraph>
            {saved === 'saved' ? t('sso.saved') : t(saved === 'confirmed' ? 'sso.proposal.confirmed' : 'sso.proposal.rejected')}
          </Paragraph>
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
            queryClient.setQueryData(settingsKey, stored);
            showSaved('saved');
          }}
          onEdit={() => setSaved(undefined)}
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


interface ProposalPanelProps {
  proposal: SSOProposal;
  catalogue: RoleEntry[];
  mayWrite: boolean;
  onConfirmed: (stored: SSOSettings) => void;
  onRejected: () => void;
}

/**
 * An operator's change of the settings that waits for one of the organisation's administrators:
 * who proposed it and when, what changes, the proposed values, and "doorvoeren" or "weigeren".
 */
function ProposalPanel({ proposal, catalogue, mayWrite, onConfirmed, onRejected }: ProposalPanelProps) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const me = useSignedInMe();
  const tenant = me.tenant.slug;
  const organisation = me.tenant.name;
  const headingId = useId();
  const [confirming, setConfirming] = useState(false);
  const confirm = $api.useMutation('post', '/api/v1/tenants/{tenant}/sso/proposal/confirm');
  const reject = $api.useMutation('post', '/api/v1/tenants/{tenant}/sso/proposal/reject');

  const proposed = proposal.settings;
  const changes = proposal.changes ?? [];
  const none = t('sso.proposal.none');
  const changeName = (name: string) =>
    name === 'created'
      ? t('sso.proposal.created')
      : isSsoField(name)
        ? t(`sso.${name}`)
        : name;
  const roleNames = (roles: string[]) =>
    roles.map((role) => roleLabel(catalogue.find((entry) => entry.role === role), role, language)).join(', ');
  const groups = Object.entries(proposed.groupRoles);

  const doConfirm = () => {
    confirm.mutate(
      { params: { path: { tenant } }, body: { id: proposal.id } },
      {
        onSuccess: (stored) => {
          setConfirming(false);
          onConfirmed(stored);
        },
      },
    );
  };
  const doReject = () => {
    if (reject.isPending) return;
    confirm.reset();
    reject.mutate({ params: { path: { tenant } }, body: { id: proposal.id } }, { onSuccess: onRejected });
  };

  return (
    <section aria-labelledby={headingId} className="bg-proposal">
      <Alert type="warning" role="none">
        <Heading level={2} id={headingId}>
          {t('sso.proposal.title')}
        </Heading>
        <Paragraph>
          {t('sso.proposal.text', {
            by: proposal.proposedBy,
            date: formatDateTime(proposal.proposedAt, language),
            organisation,
            expires: formatDateTime(proposal.expiresAt, language),
          })}
        </Paragraph>
        <DataList className="bg-data-list">
          <DataListItem>
            <DataListKey>{t('sso.proposal.changes')}</DataListKey>
            <DataListValue>
              {changes.length === 0 ? (
                t('sso.proposal.changesNone')
              ) : (
                <UnorderedList className="bg-plain-list">
                  {changes.map((name) => (
                    <UnorderedListItem key={name}>{changeName(name)}</UnorderedListItem>
                  ))}
                </UnorderedList>
              )}
            </DataListValue>
          </DataListItem>
        </DataList>
        <Heading level={3}>{t('sso.proposal.proposedHeading')}</Heading>
        <DataList className="bg-data-list">
          <DataListItem>
            <DataListKey>{t('sso.issuer')}</DataListKey>
            <DataListValue className="bg-break">{proposed.issuer}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('sso.clientId')}</DataListKey>
            <DataListValue className="bg-break">{proposed.clientId}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('sso.emailDomains')}</DataListKey>
            <DataListValue className="bg-break">
              {proposed.emailDomains.length === 0 ? none : proposed.emailDomains.join(', ')}
            </DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('sso.groupRoles')}</DataListKey>
            <DataListValue className="bg-break">
              {groups.length === 0 ? (
                none
              ) : (
                <UnorderedList className="bg-plain-list">
                  {groups.map(([group, roles]) => (
                    <UnorderedListItem key={group}>
                      {t('sso.proposal.groupLine', { group, roles: roles.length === 0 ? none : roleNames(roles) })}
                    </UnorderedListItem>
                  ))}
                </UnorderedList>
              )}
            </DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('sso.provisioning')}</DataListKey>
            <DataListValue>{t(`sso.provisioningOptions.${proposed.provisioning}`)}</DataListValue>
          </DataListItem>
        </DataList>
        {reject.isError && <ProblemAlert error={reject.error} focusOnShow />}
        {mayWrite && (
          <ButtonGroup>
            <Button
              appearance="primary-action-button"
              onClick={() => {
                confirm.reset();
                reject.reset();
                setConfirming(true);
              }}
            >
              {t('sso.proposal.confirm')}
            </Button>
            <Button appearance="secondary-action-button" busy={reject.isPending} onClick={doReject}>
              {t('sso.proposal.reject')}
            </Button>
          </ButtonGroup>
        )}
      </Alert>

      {confirming && (
        <ConfirmDialog
          title={t('sso.proposal.confirmTitle')}
          confirmLabel={t('sso.proposal.confirmButton')}
          cancelLabel={t('common.cancel')}
          busy={confirm.isPending}
          onConfirm={doConfirm}
          onCancel={() => setConfirming(false)}
          footer={confirm.isError && <ProblemAlert error={confirm.error} />}
        >
          {t('sso.proposal.confirmText', { organisation })}
        </ConfirmDialog>
      )}
    </section>
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
