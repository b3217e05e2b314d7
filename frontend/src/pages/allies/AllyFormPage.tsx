import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import {
  Button,
  ButtonGroup,
  Fieldset,
  FieldsetLegend,
  FormFieldErrorMessage,
  Heading,
  Paragraph,
  SelectOption,
} from '@utrecht/component-library-react';
import { Fragment, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  $api,
  AGE_BANDS,
  ALLY_STATUSES,
  GENDERS,
  isForbidden,
  problemFieldErrors,
  problemStatus,
  type Ally,
  type AllyInput,
  type AllySpecial,
  type AllyStatus,
  type Network,
  type NetworkPartner,
} from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CheckboxField, RadioGroupField, SelectField, TextAreaField, TextField } from '../../components/fields';
import { RouterLink } from '../../components/links';
import { ProblemAlert, type FieldProblem } from '../../components/ProblemAlert';
import { Loading, QueryError } from '../../components/QueryError';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { NotFoundPage } from '../NotFoundPage';
import {
  ALLIES_KEY,
  ALLY_KEY,
  ALLY_PATH,
  ALLY_SPECIAL_PATH,
  ALLIES_PATH,
  mayReadAllies,
  mayReadSpecial,
  mayWriteAllies,
  mayWriteSpecial,
  REPRESENTATION_KEY,
} from './allies';
import { NoAlliesAccess, WithNetwork } from './NetworkLoader';

type Field =
  | 'name'
  | 'mobile'
  | 'email'
  | 'organisation'
  | 'constituency'
  | 'neighbourhood'
  | 'status'
  | 'startsOn'
  | 'leftOn'
  | 'leftReason'
  | 'contactPermitted'
  | 'consentOn'
  | 'consentScope'
  | 'consentHow'
  | 'intakeDone'
  | 'codeOfConductSigned'
  | 'interestsDeclared'
  | 'ageBand'
  | 'gender';

const FIELD_IDS: Record<Field, string> = {
  name: 'ally-name',
  mobile: 'ally-mobile',
  email: 'ally-email',
  organisation: 'ally-organisation',
  constituency: 'ally-constituency',
  neighbourhood: 'ally-neighbourhood',
  status: `ally-status-${ALLY_STATUSES[0]}`,
  startsOn: 'ally-starts-on',
  leftOn: 'ally-left-on',
  leftReason: 'ally-left-reason',
  contactPermitted: 'ally-contact-permitted',
  consentOn: 'ally-consent-on',
  consentScope: 'ally-consent-scope',
  consentHow: 'ally-consent-how',
  intakeDone: 'ally-intake-done',
  codeOfConductSigned: 'ally-code-of-conduct',
  interestsDeclared: 'ally-interests-declared',
  ageBand: 'ally-age-band',
  gender: 'ally-gender',
};
const FIELDS = Object.keys(FIELD_IDS) as Field[];
const CHECKS = ['intakeDone', 'codeOfConductSigned', 'interestsDeclared'] as const;

interface Values {
  name: string;
  mobile: string;
  email: string;
  organisation: string;
  constituency: string;
  neighbourhood: string;
  status: AllyStatus;
  startsOn: string;
  leftOn: string;
  leftReason: string;
  contactPermitted: boolean;
  consentOn: string;
  consentScope: string;
  consentHow: string;
  intakeDone: boolean;
  codeOfConductSigned: boolean;
  interestsDeclared: boolean;
  ageBand: NonNullable<AllyInput['ageBand']>;
  gender: NonNullable<AllyInput['gender']>;
}

function initialValues(ally?: Ally): Values {
  return {
    name: ally?.name ?? '',
    mobile: ally?.mobile ?? '',
    email: ally?.email ?? '',
    organisation: ally?.organisation ?? '',
    constituency: ally?.constituency ?? '',
    neighbourhood: ally?.neighbourhood ?? '',
    status: ally?.status ?? 'candidate',
    startsOn: ally?.startsOn ?? '',
    leftOn: ally?.leftOn ?? '',
    leftReason: ally?.leftReason ?? '',
    contactPermitted: ally?.contactPermitted ?? false,
    consentOn: ally?.consentOn ?? '',
    consentScope: ally?.consentScope ?? '',
    consentHow: ally?.consentHow ?? '',
    intakeDone: ally?.intakeDone ?? false,
    codeOfConductSigned: ally?.codeOfConductSigned ?? false,
    interestsDeclared: ally?.interestsDeclared ?? false,
    ageBand: ally?.ageBand ?? '',
    gender: ally?.gender ?? '',
  };
}

/** Chosen relationship owner per partner organisation: tenant slug → user id ('' for nobody). */
type Owners = Record<string, string>;

function initialOwners(ally?: Ally): Owners {
  return Object.fromEntries((ally?.relationshipOwners ?? []).map((owner) => [owner.tenant, owner.userId]));
}

function activePartners(network: Network): NetworkPartner[] {
  return network.partners.filter((p) => p.active && !p.leftAt);
}

const ownerFieldId = (slug: string) => `ally-owner-${slug}`;

/** Bondgenoot toevoegen: /netwerken/$networkId/bondgenoten/nieuw. */
export function NewAllyPage() {
  const { networkId } = useParams({ from: '/signedIn/netwerken/$networkId/bondgenoten/nieuw' });
  return (
    <WithNetwork networkId={networkId}>
      {(network) => (mayWriteAllies(network) ? <AllyForm network={network} /> : <NoAlliesAccess networkId={networkId} />)}
    </WithNetwork>
  );
}

/** One ally: /netwerken/$networkId/bondgenoten/$allyId (coordinators edit, staff read). */
export function AllyPage() {
  const { networkId, allyId } = useParams({ from: '/signedIn/netwerken/$networkId/bondgenoten/$allyId' });
  return <WithNetwork networkId={networkId}>{(network) => <AllyLoader network={network} allyId={allyId} />}</WithNetwork>;
}

function AllyLoader({ network, allyId }: { network: Network; allyId: string }) {
  const mayRead = mayReadAllies(network);
  const ally = $api.useQuery(
    'get',
    ALLY_PATH,
    { params: { path: { networkId: network.id, allyId } } },
    { enabled: mayRead },
  );
  if (!mayRead || isForbidden(ally.error)) return <NoAlliesAccess networkId={network.id} />;
  const status = problemStatus(ally.error);
  if (status === 404 || status === 400) return <NotFoundPage />;
  if (ally.isPending) return <Loading />;
  if (ally.isError) return <QueryError error={ally.error} onRetry={() => void ally.refetch()} />;
  return (
    <>
      <AllyForm network={network} ally={ally.data} readOnly={!mayWriteAllies(network)} />
      {mayReadSpecial(network) && <SpecialSection network={network} ally={ally.data} />}
    </>
  );
}

function AllyForm({ network, ally, readOnly = false }: { network: Network; ally?: Ally; readOnly?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const headingId = useId();
  const networkId = network.id;
  const editing = ally !== undefined;
  const title = editing ? ally.name : t('allies.newTitle');
  useDocumentTitle(editing ? t('allies.editDocumentTitle', { name: ally.name }) : t('allies.newTitle'));

  const [values, setValues] = useState<Values>(() => initialValues(ally));
  const [owners, setOwners] = useState<Owners>(() => initialOwners(ally));
  const [sentOwners, setSentOwners] = useState<NonNullable<AllyInput['relationshipOwners']>>([]);
  const partners = activePartners(network);
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));
  const [localErrors, setLocalErrors] = useState<Partial<Record<Field, string>>>({});
  const [showErrors, setShowErrors] = useState(0);

  const onSuccess = () => {
    void queryClient.invalidateQueries({ queryKey: ALLIES_KEY });
    void queryClient.invalidateQueries({ queryKey: ALLY_KEY });
    void queryClient.invalidateQueries({ queryKey: REPRESENTATION_KEY });
    void navigate({ to: '/netwerken/$networkId/bondgenoten', params: { networkId } });
  };
  const create = $api.useMutation('post', ALLIES_PATH, { onSuccess });
  const update = $api.useMutation('put', ALLY_PATH, { onSuccess });
  const mutation = editing ? update : create;

  const serverErrors: Partial<Record<Field, string>> = {};
  const otherErrors: FieldProblem[] = [];
  // Owner errors come keyed "relationshipOwners" or by the index of the owner sent
  // ("relationshipOwners[1]", "relationshipOwners.1.userId"): the latter go to that partner's select.
  const ownerErrors: Record<string, string> = {};
  let ownersError: string | undefined;
  for (const [name, message] of Object.entries(problemFieldErrors(mutation.error))) {
    if ((FIELDS as string[]).includes(name)) serverErrors[name as Field] ??= message;
    else if (name.startsWith('relationshipOwners')) {
      const index = /^relationshipOwners(?:\[(\d+)\]|\.(\d+))/.exec(name);
      const slug = index ? sentOwners[Number(index[1] ?? index[2])]?.tenant : undefined;
      if (slug && partners.some((p) => p.tenant.slug === slug)) ownerErrors[slug] ??= message;
      else ownersError ??= message;
    } else otherErrors.push({ label: name, message });
  }
  const fieldError = (field: Field) => localErrors[field] ?? serverErrors[field];
  const label = (field: Field) => t(`allies.field.${field}`);
  const summary: FieldProblem[] = [
    ...FIELDS.flatMap((field) => {
      const text = fieldError(field);
      return text ? [{ id: FIELD_IDS[field], label: label(field), message: text }] : [];
    }),
    ...(ownersError
      ? [{ id: partners[0] && ownerFieldId(partners[0].tenant.slug), label: t('allyOwners.legend'), message: ownersError }]
      : []),
    ...partners.flatMap((p) => {
      const message = ownerErrors[p.tenant.slug];
      return message ? [{ id: ownerFieldId(p.tenant.slug), label: t('allyOwners.label', { partner: p.tenant.name }), message }] : [];
    }),
    ...otherErrors,
  ];
  const hasLocalErrors = Object.keys(localErrors).length > 0;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (mutation.isPending || readOnly) return;
    const local: Partial<Record<Field, string>> = {};
    if (!values.name.trim()) local.name = t('allies.nameRequired');
    if (values.status === 'left') {
      if (!values.leftOn) local.leftOn = t('allies.leftOnRequired');
      if (!values.leftReason.trim()) local.leftReason = t('allies.leftReasonRequired');
    }
    if (values.contactPermitted && !values.consentOn) local.consentOn = t('allies.consentOnRequired');
    setLocalErrors(local);
    if (Object.keys(local).length > 0) {
      mutation.reset();
      setShowErrors((n) => n + 1);
      return;
    }
    const left = values.status === 'left';
    const relationshipOwners = partners.flatMap((p) => {
      const userId = owners[p.tenant.slug];
      return userId ? [{ tenant: p.tenant.slug, userId }] : [];
    });
    setSentOwners(relationshipOwners);
    const body: AllyInput = {
      name: values.name.trim(),
      mobile: values.mobile.trim(),
      email: values.email.trim(),
      organisation: values.organisation.trim(),
      constituency: values.constituency.trim(),
      neighbourhood: values.neighbourhood.trim(),
      startsOn: values.startsOn || null,
      status: values.status,
      leftOn: left ? values.leftOn || null : null,
      leftReason: left ? values.leftReason.trim() : '',
      contactPermitted: values.contactPermitted,
      consentOn: values.consentOn || null,
      consentScope: values.consentScope.trim(),
      consentHow: values.consentHow.trim(),
      intakeDone: values.intakeDone,
      codeOfConductSigned: values.codeOfConductSigned,
      interestsDeclared: values.interestsDeclared,
      ageBand: values.ageBand,
      gender: values.gender,
      relationshipOwners,
    };
    const onError = () => setShowErrors((n) => n + 1);
    if (editing) update.mutate({ params: { path: { networkId, allyId: ally.id } }, body }, { onError });
    else create.mutate({ params: { path: { networkId } }, body }, { onError });
  };

  const statusError = fieldError('status');
  const text = (field: Field & keyof Values, extra: { type?: 'text' | 'email' | 'date'; description?: string; autoComplete?: string; required?: boolean } = {}) => (
    <TextField
      id={FIELD_IDS[field]}
      label={label(field)}
      value={values[field] as string}
      onChange={(v) => set(field, v as never)}
      error={fieldError(field)}
      disabled={readOnly}
      {...extra}
    />
  );
  const check = (field: 'contactPermitted' | (typeof CHECKS)[number], description?: string) => (
    <CheckboxField
      id={FIELD_IDS[field]}
      name={field}
      value="yes"
      label={label(field)}
      description={description}
      checked={values[field]}
      disabled={readOnly}
      invalid={Boolean(fieldError(field))}
      onChange={(checked) => set(field, checked)}
    />
  );

  return (
    <>
      <Paragraph>
        <RouterLink to="/netwerken/$networkId/bondgenoten" params={{ networkId }}>
          {t('allies.backToList', { name: network.name })}
        </RouterLink>
      </Paragraph>
      <Heading level={1} id={headingId}>
        {title}
      </Heading>
      <Paragraph>{editing ? (readOnly ? t('allies.readOnlyIntro') : t('allies.editIntro')) : t('allies.newIntro')}</Paragraph>
      <form noValidate onSubmit={submit} className="bg-form" aria-labelledby={headingId}>
        {(mutation.isError || hasLocalErrors) && (
          <ProblemAlert
            key={showErrors}
            error={mutation.isError ? mutation.error : { title: t('allies.errorTitle') }}
            fields={summary}
            focusOnShow
          />
        )}
        <Fieldset>
          <FieldsetLegend>{t('allies.legend.details')}</FieldsetLegend>
          {text('name', { required: true, autoComplete: 'off' })}
          {text('mobile', { description: t('allies.mobileDescription'), autoComplete: 'off' })}
          {text('email', { type: 'email', autoComplete: 'off' })}
          {text('organisation')}
          {text('constituency', { description: t('allies.constituencyDescription') })}
          {text('neighbourhood')}
        </Fieldset>
        <Fieldset>
          <FieldsetLegend>{t('allies.legend.participation')}</FieldsetLegend>
          <RadioGroupField
            id="ally-status"
            name="status"
            legend={label('status')}
            options={ALLY_STATUSES}
            value={values.status}
            onChange={(status) => !readOnly && set('status', status)}
            optionLabel={(status) => t(`allies.status.${status}`)}
            error={statusError}
          />
          {text('startsOn', { type: 'date' })}
          {values.status === 'left' && (
            <>
              {text('leftOn', { type: 'date', required: true })}
              <TextAreaField
                id={FIELD_IDS.leftReason}
                label={label('leftReason')}
                required
                rows={3}
                value={values.leftReason}
                onChange={(v) => set('leftReason', v)}
                error={fieldError('leftReason')}
                disabled={readOnly}
              />
            </>
          )}
        </Fieldset>
        {partners.length > 0 && (
          <OwnersFieldset
            partners={partners}
            ally={ally}
            owners={owners}
            onChange={(slug, userId) => setOwners((o) => ({ ...o, [slug]: userId }))}
            error={ownersError}
            errors={ownerErrors}
            disabled={readOnly}
          />
        )}
        <Fieldset>
          <FieldsetLegend>{t('allies.legend.consent')}</FieldsetLegend>
          {check('contactPermitted', t('allies.contactPermittedDescription'))}
          {text('consentOn', { type: 'date' })}
          {text('consentScope', { description: t('allies.consentScopeDescription') })}
          {text('consentHow', { description: t('allies.consentHowDescription') })}
        </Fieldset>
        <Fieldset>
          <FieldsetLegend>{t('allies.legend.vetting')}</FieldsetLegend>
          {CHECKS.map((field) => (
            <Fragment key={field}>{check(field)}</Fragment>
          ))}
        </Fieldset>
        <Fieldset aria-describedby="ally-representation-note">
          <FieldsetLegend>{t('allies.legend.representation')}</FieldsetLegend>
          <Paragraph id="ally-representation-note">{t('allies.representationNote')}</Paragraph>
          <SelectField
            id={FIELD_IDS.ageBand}
            label={label('ageBand')}
            value={values.ageBand}
            onChange={(v) => set('ageBand', v as Values['ageBand'])}
            error={fieldError('ageBand')}
            disabled={readOnly}
          >
            <SelectOption value="">{t('allies.notRecorded')}</SelectOption>
            {AGE_BANDS.map((band) => (
              <SelectOption key={band} value={band}>
                {t(`allies.ageBand.${band}`)}
              </SelectOption>
            ))}
          </SelectField>
          <SelectField
            id={FIELD_IDS.gender}
            label={label('gender')}
            value={values.gender}
            onChange={(v) => set('gender', v as Values['gender'])}
            error={fieldError('gender')}
            disabled={readOnly}
          >
            <SelectOption value="">{t('allies.notRecorded')}</SelectOption>
            {GENDERS.map((gender) => (
              <SelectOption key={gender} value={gender}>
                {t(`allies.gender.${gender}`)}
              </SelectOption>
            ))}
          </SelectField>
        </Fieldset>
        {!readOnly && (
          <ButtonGroup>
            <Button type="submit" appearance="primary-action-button" busy={mutation.isPending}>
              {editing ? t('common.save') : t('allies.add')}
            </Button>
          </ButtonGroup>
        )}
      </form>
    </>
  );
}

interface OwnersFieldsetProps {
  partners: NetworkPartner[];
  ally: Ally | undefined;
  owners: Owners;
  onChange: (slug: string, userId: string) => void;
  /** An error about the owners as a whole. */
  error: string | undefined;
  /** Errors per partner (tenant slug). */
  errors: Record<string, string>;
  disabled: boolean;
}

/** Relatiebeheer: per active partner, one of its coordinators or staff members, or nobody. */
function OwnersFieldset({ partners, ally, owners, onChange, error, errors, disabled }: OwnersFieldsetProps) {
  const { t } = useTranslation();
  const descriptionId = 'ally-owners-description';
  const errorId = 'ally-owners-error';
  return (
    <Fieldset invalid={Boolean(error)} aria-describedby={error ? `${descriptionId} ${errorId}` : descriptionId}>
      <FieldsetLegend>{t('allyOwners.legend')}</FieldsetLegend>
      <Paragraph id={descriptionId}>{t('allyOwners.description')}</Paragraph>
      {error && <FormFieldErrorMessage id={errorId}>{error}</FormFieldErrorMessage>}
      {partners.map((partner) => {
        const slug = partner.tenant.slug;
        const value = owners[slug] ?? '';
        const people = [...partner.coordinators, ...partner.staff].filter(
          (person, index, all) => all.findIndex((p) => p.id === person.id) === index,
        );
        // Someone who no longer works there stays visible until another owner is chosen.
        const current = ally?.relationshipOwners?.find((o) => o.tenant === slug && o.userId === value);
        const missing = value !== '' && !people.some((p) => p.id === value);
        return (
          <SelectField
            key={slug}
            id={ownerFieldId(slug)}
            label={t('allyOwners.label', { partner: partner.tenant.name })}
            value={value}
            onChange={(userId) => onChange(slug, userId)}
            error={errors[slug]}
            disabled={disabled}
          >
            <SelectOption value="">{t('allyOwners.none')}</SelectOption>
            {people.map((person) => (
              <SelectOption key={person.id} value={person.id}>
                {person.name}
              </SelectOption>
            ))}
            {missing && (
              <SelectOption value={value}>
                {t('allyOwners.unavailable', { name: current?.name ?? t('allyOwners.unknown') })}
              </SelectOption>
            )}
          </SelectField>
        );
      })}
    </Fieldset>
  );
}

const EMPTY_SPECIAL: AllySpecial = { background: '', religion: '', consentOn: null, consentHow: '' };

/** Bijzondere persoonsgegevens: loaded (and audited) only when a coordinator asks for them. */
function SpecialSection({ network, ally }: { network: Network; ally: Ally }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="bg-meeting-card">
      <Heading level={2} id={headingId}>
        {t('allies.special.heading')}
      </Heading>
      <Paragraph>{t('allies.special.explanation')}</Paragraph>
      <Paragraph>
        {ally.hasSpecialCategoryData ? t('allies.special.recorded') : t('allies.special.notRecorded')}
      </Paragraph>
      {shown ? (
        <SpecialForm network={network} ally={ally} />
      ) : (
        <Button appearance="secondary-action-button" onClick={() => setShown(true)}>
          {t('allies.special.show')}
        </Button>
      )}
    </section>
  );
}

function SpecialForm({ network, ally }: { network: Network; ally: Ally }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const formId = useId();
  const statusRef = useRef<HTMLParagraphElement>(null);
  const mayWrite = mayWriteSpecial(network);
  const path = { networkId: network.id, allyId: ally.id };
  const special = $api.useQuery('get', ALLY_SPECIAL_PATH, { params: { path } });
  const [values, setValues] = useState<{ background: string; religion: string; consentOn: string; consentHow: string }>();
  const [confirming, setConfirming] = useState(false);
  const [announcement, setAnnouncement] = useState({ message: '', count: 0 });
  const [showErrors, setShowErrors] = useState(0);
  useEffect(() => {
    if (announcement.count > 0) statusRef.current?.focus();
  }, [announcement.count]);

  const fromData = (data: AllySpecial) => ({
    background: data.background ?? '',
    religion: data.religion ?? '',
    consentOn: data.consentOn ?? '',
    consentHow: data.consentHow ?? '',
  });
  useEffect(() => {
    if (special.data && values === undefined) setValues(fromData(special.data));
  }, [special.data, values]);

  const save = $api.useMutation('put', ALLY_SPECIAL_PATH, {
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ALLY_KEY }),
        queryClient.invalidateQueries({ queryKey: ALLIES_KEY }),
        queryClient.invalidateQueries({ queryKey: REPRESENTATION_KEY }),
      ]),
  });

  if (special.isPending) return <Loading />;
  if (special.isError) return <QueryError error={special.error} onRetry={() => void special.refetch()} />;
  if (!values) return <Loading />;

  const errors = problemFieldErrors(save.error);
  const ids = {
    background: 'ally-special-background',
    religion: 'ally-special-religion',
    consentOn: 'ally-special-consent-on',
    consentHow: 'ally-special-consent-how',
  } as const;
  const labels = {
    background: t('allies.special.background'),
    religion: t('allies.special.religion'),
    consentOn: t('allies.special.consentOn'),
    consentHow: t('allies.special.consentHow'),
  } as const;
  const keys = Object.keys(ids) as Array<keyof typeof ids>;
  const summary: FieldProblem[] = Object.entries(errors).map(([field, message]) =>
    field in ids
      ? { id: ids[field as keyof typeof ids], label: labels[field as keyof typeof ids], message }
      : { label: field, message },
  );

  const send = (body: AllySpecial, message: string, after?: () => void) =>
    save.mutate(
      { params: { path }, body },
      {
        onSuccess: (data) => {
          setValues(fromData(data));
          after?.();
          setAnnouncement(({ count }) => ({ message, count: count + 1 }));
        },
        onError: () => setShowErrors((n) => n + 1),
      },
    );

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (save.isPending || !mayWrite) return;
    send(
      {
        background: values.background.trim(),
        religion: values.religion.trim(),
        consentOn: values.consentOn || null,
        consentHow: values.consentHow.trim(),
      },
      t('allies.special.saved'),
    );
  };

  return (
    <>
      <Paragraph role="status" className="bg-status" ref={statusRef} tabIndex={-1}>
        {announcement.message}
      </Paragraph>
      <form noValidate onSubmit={submit} className="bg-form" aria-label={t('allies.special.heading')} id={formId}>
        {save.isError && !confirming && (
          <ProblemAlert key={showErrors} error={save.error} fields={summary} focusOnShow />
        )}
        {keys.map((key) => (
          <TextField
            key={key}
            id={ids[key]}
            type={key === 'consentOn' ? 'date' : 'text'}
            label={labels[key]}
            description={key === 'consentHow' ? t('allies.special.consentHowDescription') : undefined}
            autoComplete="off"
            value={values[key]}
            onChange={(v) => setValues({ ...values, [key]: v })}
            error={errors[key]}
            disabled={!mayWrite}
          />
        ))}
        {mayWrite && (
          <ButtonGroup>
            <Button type="submit" appearance="primary-action-button" busy={save.isPending && !confirming}>
              {t('common.save')}
            </Button>
            <Button
              appearance="secondary-action-button"
              hint="danger"
              onClick={() => {
                save.reset();
                setConfirming(true);
              }}
            >
              {t('allies.special.erase')}
            </Button>
          </ButtonGroup>
        )}
      </form>
      {confirming && (
        <ConfirmDialog
          title={t('allies.special.eraseTitle', { name: ally.name })}
          confirmLabel={t('allies.special.eraseConfirm')}
          cancelLabel={t('common.cancel')}
          busy={save.isPending}
          onConfirm={() => send(EMPTY_SPECIAL, t('allies.special.erased'), () => setConfirming(false))}
          onCancel={() => setConfirming(false)}
          footer={save.isError && <ProblemAlert error={save.error} fields={summary} />}
        >
          {t('allies.special.eraseText')}
        </ConfirmDialog>
      )}
    </>
  );
}
