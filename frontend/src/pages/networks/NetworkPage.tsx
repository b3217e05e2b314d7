import { useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import {
  Button,
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
  Heading,
  Link,
  Paragraph,
  SelectOption,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableContainer,
  TableHeader,
  TableHeaderCell,
  TableRow,
  UnorderedList,
  UnorderedListItem,
} from '@utrecht/component-library-react';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { $api, isForbidden, problemFieldErrors, problemStatus, type Network, type NetworkPartner } from '../../api/client';
import { useDirectory } from '../../api/directory';
import { can, useSignedInMe } from '../../api/me';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { SelectField } from '../../components/fields';
import { RouterButtonLink, RouterLink } from '../../components/links';
import { NoAccess } from '../../components/NoAccess';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Loading, QueryError } from '../../components/QueryError';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { formatDate, today } from '../../format';
import { currentLanguage } from '../../i18n';
import { mayReadAllies } from '../allies/allies';
import { OverviewSection } from '../meetings/OverviewSection';
import { CrisisNav } from '../crisis/CrisisNav';
import { EvaluationNav } from '../evaluation/EvaluationsPage';
import { IntroductionNav } from '../introduction/IntroductionPages';
import { SignalsNav } from '../signals/NetworkSignals';
import { NotFoundPage } from '../NotFoundPage';
import { mayManageNetwork, NETWORK_KEY, NETWORK_PATH, NETWORKS_KEY, partnerStatus, useKindLabel } from './networks';

const LEAVE_PATH = '/api/v1/networks/{networkId}/partners/{tenant}/leave';
const WITHDRAW_PATH = '/api/v1/networks/{networkId}/partners/{tenant}/withdraw-leave';
const CONFIRM_PATH = '/api/v1/networks/{networkId}/partners/{tenant}/confirm-leave';
const PARTNERS_PATH = '/api/v1/networks/{networkId}/partners';

/** The calendar day (Amsterdam) of an instant, in words. */
function dayOf(iso: string, language: ReturnType<typeof currentLanguage>): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatDate(today(date), language);
}

/** One network: goals and expectations, settings, partners; coordinators of a partner manage it. */
export function NetworkPage() {
  const me = useSignedInMe();
  if (!can(me, 'org', 'read')) return <NoAccess />;
  return <NetworkDetail />;
}

function NetworkDetail() {
  const { networkId } = useParams({ from: '/signedIn/netwerken/$networkId' });
  const { t } = useTranslation();
  const network = $api.useQuery('get', NETWORK_PATH, { params: { path: { networkId } } });
  useDocumentTitle(network.data?.name ?? t('networks.title'));

  const status = problemStatus(network.error);
  if (status === 404 || status === 400) return <NotFoundPage />;
  if (isForbidden(network.error)) return <NoAccess />;
  if (network.isPending) return <Loading />;
  if (network.isError) return <QueryError error={network.error} onRetry={() => void network.refetch()} />;
  return <NetworkView network={network.data} />;
}

type Pending = { action: 'request' | 'confirm'; partner: NetworkPartner };

function NetworkView({ network }: { network: Network }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const me = useSignedInMe();
  const kindLabel = useKindLabel();
  const queryClient = useQueryClient();
  const captionId = useId();
  const statusRef = useRef<HTMLParagraphElement>(null);
  const mayManage = mayManageNetwork(network);
  const networkId = network.id;

  const [announcement, setAnnouncement] = useState({ message: '', count: 0 });
  const [pending, setPending] = useState<Pending>();
  const announce = (message: string) => setAnnouncement(({ count }) => ({ message, count: count + 1 }));
  useEffect(() => {
    if (announcement.count > 0) statusRef.current?.focus();
  }, [announcement.count]);

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: NETWORK_KEY }),
      queryClient.invalidateQueries({ queryKey: NETWORKS_KEY }),
    ]);
  const leave = $api.useMutation('post', LEAVE_PATH, { onSettled: refresh });
  const confirm = $api.useMutation('post', CONFIRM_PATH, { onSettled: refresh });
  const withdraw = $api.useMutation('post', WITHDRAW_PATH, { onSettled: refresh });
  const dialogMutation = pending?.action === 'confirm' ? confirm : leave;

  const doPending = () => {
    if (!pending) return;
    const { action, partner } = pending;
    const name = partner.tenant.name;
    dialogMutation.mutate(
      { params: { path: { networkId, tenant: partner.tenant.slug } } },
      {
        onSuccess: () => {
          setPending(undefined);
          announce(action === 'confirm' ? t('networks.leaveConfirmed', { name }) : t('networks.leaveRequested', { name }));
        },
      },
    );
  };

  const doWithdraw = (partner: NetworkPartner) => {
    withdraw.mutate(
      { params: { path: { networkId, tenant: partner.tenant.slug } } },
      { onSuccess: () => announce(t('networks.leaveWithdrawn', { name: partner.tenant.name })) },
    );
  };

  const fieldProblems = (error: unknown) =>
    Object.entries(problemFieldErrors(error)).map(([field, message]) => ({
      label: field === 'tenant' ? t('networks.partnerColumns.organisation') : field,
      message,
    }));

  const text = (value: string) =>
    value.trim() ? (
      <Paragraph className="bg-prewrap">{value}</Paragraph>
    ) : (
      <Paragraph className="bg-muted">{t('networks.notFilled')}</Paragraph>
    );

  return (
    <>
      <Paragraph>
        <RouterLink to="/netwerken">{t('networks.back')}</RouterLink>
      </Paragraph>
      <Heading level={1}>{network.name}</Heading>
      <Paragraph role="status" className="bg-status" ref={statusRef} tabIndex={-1}>
        {announcement.message}
      </Paragraph>
      <OverviewSection network={network} />
      <DataList className="bg-data-list">
        <DataListItem>
          <DataListKey>{t('networks.columns.phase')}</DataListKey>
          <DataListValue>{t(`networks.phase.${network.phase}`)}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('networks.columns.level')}</DataListKey>
          <DataListValue>{t(`networks.level.${network.level}`)}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('networks.area')}</DataListKey>
          <DataListValue>{network.area.trim() || t('networks.notFilled')}</DataListValue>
        </DataListItem>
      </DataList>
      {mayManage && (
        <Paragraph>
          <RouterButtonLink
            to="/netwerken/$networkId/bewerken"
            params={{ networkId }}
            appearance="secondary-action-button"
          >
            {t('networks.edit')}
          </RouterButtonLink>
        </Paragraph>
      )}

      <section aria-labelledby="network-allies-heading">
        <Heading level={2} id="network-allies-heading">
          {t('allies.title')}
        </Heading>
        <UnorderedList>
          {mayReadAllies(network) && (
            <UnorderedListItem>
              <RouterLink to="/netwerken/$networkId/bondgenoten" params={{ networkId }}>
                {t('allies.listLink')}
              </RouterLink>
            </UnorderedListItem>
          )}
          <UnorderedListItem>
            <RouterLink to="/netwerken/$networkId/samenstelling" params={{ networkId }}>
              {t('allies.representationLink')}
            </RouterLink>
          </UnorderedListItem>
        </UnorderedList>
      </section>

      <SignalsNav network={network} />
      <CrisisNav network={network} />
      <EvaluationNav network={network} />
      <IntroductionNav network={network} />

      <section className="bg-meeting-card" aria-labelledby="network-goals-heading">
        <Heading level={2} id="network-goals-heading">
          {t('networks.goals')}
        </Heading>
        {text(network.goals)}
        <Heading level={2}>{t('networks.expectations')}</Heading>
        {text(network.expectations)}
        <Paragraph appearance="small" className="bg-muted">
          {t('networks.meetingNote')}
        </Paragraph>
      </section>

      <Heading level={2}>{t('networks.settingsHeading')}</Heading>
      <DataList className="bg-data-list">
        {(['maxActiveAllies', 'targetMeetingsPerYear', 'planNextWithinDays'] as const).map((key) => (
          <DataListItem key={key}>
            <DataListKey>{t(`networks.${key}`)}</DataListKey>
            <DataListValue>{t(`networks.settingsValue.${key}`, { count: network[key] })}</DataListValue>
          </DataListItem>
        ))}
      </DataList>

      <Heading level={2}>{t('networks.partnersHeading')}</Heading>
      {withdraw.isError && <ProblemAlert error={withdraw.error} fields={fieldProblems(withdraw.error)} focusOnShow />}
      <TableContainer overflowInline role="region" aria-labelledby={captionId} tabIndex={0}>
        <Table className="bg-table">
          <TableCaption id={captionId}>{t('networks.partnersCaption', { name: network.name })}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('networks.partnerColumns.organisation')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('networks.partnerColumns.kind')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('networks.partnerColumns.since')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('networks.partnerColumns.status')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('networks.partnerColumns.coordinators')}</TableHeaderCell>
              {mayManage && <TableHeaderCell scope="col">{t('networks.partnerColumns.actions')}</TableHeaderCell>}
            </TableRow>
          </TableHeader>
          <TableBody>
            {network.partners.map((partner) => {
              const status = partnerStatus(partner);
              const own = partner.tenant.slug === me.tenant.slug;
              const otherSide = partner.tenant.kind !== me.tenant.kind;
              const name = partner.tenant.name;
              return (
                <TableRow key={`${partner.tenant.slug}:${partner.joinedAt}`}>
                  <TableHeaderCell scope="row">{name}</TableHeaderCell>
                  <TableCell>{kindLabel(partner.tenant.kind)}</TableCell>
                  <TableCell>{dayOf(partner.joinedAt, language)}</TableCell>
                  <TableCell>
                    {t(`networks.partnerStatus.${status}`)}
                    {status === 'leaving' && partner.leaveRequestedAt && (
                      <span className="bg-muted bg-cell-note">
                        {' '}
                        {t('networks.leaveRequestedOn', { date: dayOf(partner.leaveRequestedAt, language) })}
                      </span>
                    )}
                    {status === 'left' && partner.leftAt && (
                      <span className="bg-muted bg-cell-note">
                        {' '}
                        {t('networks.leftOn', { date: dayOf(partner.leftAt, language) })}
                      </span>
                    )}
                  </TableCell>
                  <TableCell>
                    {partner.coordinators.length === 0 ? (
                      t('networks.noCoordinators')
                    ) : (
                      <UnorderedList className="bg-plain-list">
                        {partner.coordinators.map((c) => (
                          <UnorderedListItem key={c.email}>
                            {c.name}
                            <br />
                            <Link href={`mailto:${c.email}`}>{c.email}</Link>
                          </UnorderedListItem>
                        ))}
                      </UnorderedList>
                    )}
                  </TableCell>
                  {mayManage && (
                    <TableCell>
                      {own && status === 'partner' && (
                        <Button
                          appearance="secondary-action-button"
                          onClick={() => {
                            leave.reset();
                            setPending({ action: 'request', partner });
                          }}
                        >
                          {t('networks.requestLeave')} <span className="bg-visually-hidden">{name}</span>
                        </Button>
                      )}
                      {own && status === 'leaving' && (
                        <Button
                          appearance="secondary-action-button"
                          busy={withdraw.isPending}
                          onClick={() => !withdraw.isPending && doWithdraw(partner)}
                        >
                          {t('networks.withdrawLeave')} <span className="bg-visually-hidden">{name}</span>
                        </Button>
                      )}
                      {!own && otherSide && status === 'leaving' && (
                        <Button
                          appearance="secondary-action-button"
                          onClick={() => {
                            confirm.reset();
                            setPending({ action: 'confirm', partner });
                          }}
                        >
                          {t('networks.confirmLeave')} <span className="bg-visually-hidden">{name}</span>
                        </Button>
                      )}
                    </TableCell>
                  )}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </TableContainer>

      {mayManage && (
        <AddPoliceUnitForm
          network={network}
          onAdded={(name) => announce(t('networks.partnerAdded', { name }))}
        />
      )}

      <section aria-labelledby="network-overseen-by-heading" className="bg-section">
        <Heading level={2} id="network-overseen-by-heading">
          {t('networks.overseenByHeading')}
        </Heading>
        {network.overseenBy.length === 0 ? (
          <Paragraph>{t('networks.overseenByNone')}</Paragraph>
        ) : (
          <>
            <Paragraph>{t('networks.overseenByIntro')}</Paragraph>
            <UnorderedList>
              {network.overseenBy.map((bureau) => (
                <UnorderedListItem key={bureau.slug}>{bureau.name}</UnorderedListItem>
              ))}
            </UnorderedList>
          </>
        )}
      </section>

      {pending && (
        <ConfirmDialog
          title={
            pending.action === 'confirm'
              ? t('networks.confirmLeaveTitle', { name: pending.partner.tenant.name })
              : t('networks.confirmRequestTitle', { name: pending.partner.tenant.name })
          }
          confirmLabel={pending.action === 'confirm' ? t('networks.confirmLeaveButton') : t('networks.confirmRequest')}
          cancelLabel={t('common.cancel')}
          busy={dialogMutation.isPending}
          onConfirm={doPending}
          onCancel={() => setPending(undefined)}
          footer={
            dialogMutation.isError && (
              <ProblemAlert error={dialogMutation.error} fields={fieldProblems(dialogMutation.error)} />
            )
          }
        >
          {pending.action === 'confirm'
            ? t('networks.confirmLeaveText', { name: pending.partner.tenant.name, network: network.name })
            : t('networks.confirmRequestText', { name: pending.partner.tenant.name, network: network.name })}
        </ConfirmDialog>
      )}
    </>
  );
}

/** "Politie-eenheid toevoegen": another police unit joins as an equal partner. */
function AddPoliceUnitForm({ network, onAdded }: { network: Network; onAdded: (name: string) => void }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const headingId = useId();
  const queryClient = useQueryClient();
  const directory = useDirectory();
  const [slug, setSlug] = useState('');
  const [localError, setLocalError] = useState<string>();
  const [showErrors, setShowErrors] = useState(0);

  const add = $api.useMutation('post', PARTNERS_PATH, {
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: NETWORK_KEY }),
        queryClient.invalidateQueries({ queryKey: NETWORKS_KEY }),
      ]),
  });

  const candidates = useMemo(() => {
    const active = new Set(network.partners.filter((p) => p.active).map((p) => p.tenant.slug));
    const collator = new Intl.Collator(language, { sensitivity: 'base', numeric: true });
    return directory.items
      .filter((e) => e.kind === 'police_unit' && !active.has(e.slug))
      .sort((a, b) => collator.compare(a.name, b.name));
  }, [network.partners, directory.items, language]);

  const serverErrors = problemFieldErrors(add.error);
  const error = localError ?? serverErrors.tenant;
  const others = Object.entries(serverErrors)
    .filter(([field]) => field !== 'tenant')
    .map(([field, message]) => ({ label: field, message }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (add.isPending) return;
    if (!slug) {
      add.reset();
      setLocalError(t('networks.policeUnitRequired'));
      setShowErrors((n) => n + 1);
      return;
    }
    setLocalError(undefined);
    const name = candidates.find((c) => c.slug === slug)?.name ?? slug;
    add.mutate(
      { params: { path: { networkId: network.id } }, body: { tenant: slug } },
      {
        onSuccess: () => {
          setSlug('');
          onAdded(name);
        },
        onError: () => setShowErrors((n) => n + 1),
      },
    );
  };

  return (
    <>
      <Heading level={2} id={headingId}>
        {t('networks.addPartnerHeading')}
      </Heading>
      <Paragraph>{t('networks.addPartnerIntro')}</Paragraph>
      {directory.error !== undefined && (
        <ProblemAlert error={directory.error} fallbackTitle={t('common.loadFailed')} onRetry={directory.retry} />
      )}
      {directory.loading && (
        <Paragraph role="status" className="bg-status">
          {t('networks.organisationsLoading')}
        </Paragraph>
      )}
      {!directory.loading && directory.error === undefined && candidates.length === 0 && (
        <Paragraph>{t('networks.noPoliceUnits')}</Paragraph>
      )}
      {!directory.loading && directory.error === undefined && candidates.length > 0 && (
        <form noValidate onSubmit={submit} className="bg-form" aria-labelledby={headingId}>
          {(add.isError || localError) && (
            <ProblemAlert
              key={showErrors}
              error={add.isError ? add.error : { title: t('networks.errorTitle') }}
              fields={[
                ...(error ? [{ id: 'network-add-police-unit', label: t('networks.policeUnit'), message: error }] : []),
                ...others,
              ]}
              focusOnShow
            />
          )}
          <SelectField
            id="network-add-police-unit"
            label={t('networks.policeUnit')}
            required
            value={slug}
            onChange={setSlug}
            error={error}
          >
            <SelectOption value="">{t('networks.choosePoliceUnit')}</SelectOption>
            {candidates.map((entry) => (
              <SelectOption key={entry.slug} value={entry.slug}>
                {entry.name}
              </SelectOption>
            ))}
          </SelectField>
          <div>
            <Button type="submit" appearance="primary-action-button" busy={add.isPending}>
              {t('networks.addPartner')}
            </Button>
          </div>
        </form>
      )}
    </>
  );
}
