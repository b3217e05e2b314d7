import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { Button, ButtonGroup, Heading, Paragraph, SelectOption } from '@utrecht/component-library-react';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isForbidden, type Network } from '../../api/client';
import { CheckboxField, SelectField } from '../../components/fields';
import { RouterButtonLink, RouterLink } from '../../components/links';
import { Loading, QueryError } from '../../components/QueryError';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { formatDateTime } from '../../format';
import { currentLanguage } from '../../i18n';
import type { SignalsSearch } from '../../router';
import { WithNetwork } from '../allies/NetworkLoader';
import { BackToNetwork, NoSignalsAccess, SignalFlags, useLevelLabel } from './parts';
import {
  apiRequest,
  mayCoordinateSignals,
  mayLogSignals,
  mayOpenSignals,
  mayReadSignals,
  SIGNAL_STATUSES,
  signalKeys,
  signalPaths,
  sortSignals,
  useThemes,
  type Signal,
  type SignalFilters,
  type SignalList,
  type SignalStatus,
} from './signals';

const PAGE = 50;

/** Signalen: /netwerken/$networkId/signalen — urgent first, with filters. */
export function SignalsPage() {
  const { networkId } = useParams({ from: '/signedIn/netwerken/$networkId/signalen' });
  return <WithNetwork networkId={networkId}>{(network) => <SignalsView network={network} />}</WithNetwork>;
}

type Tristate = '' | 'true' | 'false';
const tristate = (value: boolean | undefined): Tristate => (value === undefined ? '' : value ? 'true' : 'false');
const fromTristate = (value: Tristate): boolean | undefined => (value === '' ? undefined : value === 'true');

function SignalsView({ network }: { network: Network }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const search = useSearch({ from: '/signedIn/netwerken/$networkId/signalen' });
  const formId = useId();
  const networkId = network.id;
  const mayOpen = mayOpenSignals(network);
  const readAll = mayReadSignals(network);
  const mayLog = mayLogSignals(network);
  useDocumentTitle(t('signals.titleOf', { name: network.name }));

  const [status, setStatus] = useState<string>(search.status ?? '');
  const [theme, setTheme] = useState<string>(search.thema ?? '');
  const [urgent, setUrgent] = useState<Tristate>(tristate(search.urgent));
  const [shared, setShared] = useState<Tristate>(tristate(search.gedeeld));
  const [overdue, setOverdue] = useState(search.verlopen === true);
  useEffect(() => {
    setStatus(search.status ?? '');
    setTheme(search.thema ?? '');
    setUrgent(tristate(search.urgent));
    setShared(tristate(search.gedeeld));
    setOverdue(search.verlopen === true);
  }, [search.status, search.thema, search.urgent, search.gedeeld, search.verlopen]);

  const filters: SignalFilters = {
    ...(search.status ? { status: search.status } : {}),
    ...(search.thema ? { theme: search.thema } : {}),
    ...(search.urgent !== undefined ? { urgent: search.urgent } : {}),
    ...(search.gedeeld !== undefined ? { shared: search.gedeeld } : {}),
    ...(search.verlopen ? { feedbackOverdue: true } : {}),
  };
  const themes = useThemes(networkId, mayOpen);
  const signals = useInfiniteQuery({
    queryKey: signalKeys.list(networkId, filters),
    queryFn: ({ pageParam, signal }) =>
      apiRequest<SignalList>(signalPaths.signals(networkId), {
        query: { ...filters, limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
      }),
    initialPageParam: '',
    getNextPageParam: (last) => last.next ?? undefined,
    enabled: mayOpen,
    placeholderData: keepPreviousData,
  });

  if (!mayOpen || isForbidden(signals.error)) return <NoSignalsAccess network={network} />;

  const filter = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const u = fromTristate(urgent);
    const s = fromTristate(shared);
    const next: SignalsSearch = {
      ...((SIGNAL_STATUSES as readonly string[]).includes(status) ? { status: status as SignalStatus } : {}),
      ...(theme ? { thema: theme } : {}),
      ...(u !== undefined ? { urgent: u } : {}),
      ...(s !== undefined ? { gedeeld: s } : {}),
      ...(overdue ? { verlopen: true } : {}),
    };
    void navigate({ to: '/netwerken/$networkId/signalen', params: { networkId }, search: next, replace: true });
  };

  const filtered = Object.keys(filters).length > 0;
  // The server sends urgent first, then newest observed; keep that order across pages.
  const items = sortSignals(signals.data?.pages.flatMap((page) => page.items ?? []) ?? []);
  const themeItems = themes.data?.items ?? [];

  return (
    <>
      <BackToNetwork network={network} />
      <Heading level={1}>{t('signals.title')}</Heading>
      <Paragraph>{readAll ? t('signals.intro') : t('signals.introShared')}</Paragraph>
      {(mayLog || mayCoordinateSignals(network)) && (
        <ButtonGroup>
          {mayLog && (
            <RouterButtonLink to="/netwerken/$networkId/signalen/nieuw" params={{ networkId }} appearance="primary-action-button">
              {t('signals.new')}
            </RouterButtonLink>
          )}
          {mayCoordinateSignals(network) && (
            <RouterButtonLink to="/netwerken/$networkId/signalen/themas" params={{ networkId }} appearance="secondary-action-button">
              {t('signals.themes.link')}
            </RouterButtonLink>
          )}
        </ButtonGroup>
      )}

      <form noValidate onSubmit={filter} className="bg-form bg-filter" aria-labelledby={formId}>
        <Heading level={2} id={formId}>
          {t('signals.filterHeading')}
        </Heading>
        <SelectField id="signals-filter-status" label={t('signals.field.status')} value={status} onChange={setStatus}>
          <SelectOption value="">{t('signals.allStatuses')}</SelectOption>
          {SIGNAL_STATUSES.map((s) => (
            <SelectOption key={s} value={s}>
              {t(`signals.status.${s}`)}
            </SelectOption>
          ))}
        </SelectField>
        <SelectField id="signals-filter-theme" label={t('signals.field.theme')} value={theme} onChange={setTheme}>
          <SelectOption value="">{t('signals.allThemes')}</SelectOption>
          {themeItems.map((th) => (
            <SelectOption key={th.key} value={th.key}>
              {th.label}
            </SelectOption>
          ))}
        </SelectField>
        <SelectField id="signals-filter-urgent" label={t('signals.filterUrgent')} value={urgent} onChange={(v) => setUrgent(v as Tristate)}>
          <SelectOption value="">{t('signals.urgentAny')}</SelectOption>
          <SelectOption value="true">{t('signals.urgentOnly')}</SelectOption>
          <SelectOption value="false">{t('signals.urgentNot')}</SelectOption>
        </SelectField>
        {readAll && (
          <SelectField id="signals-filter-shared" label={t('signals.filterShared')} value={shared} onChange={(v) => setShared(v as Tristate)}>
            <SelectOption value="">{t('signals.sharedAny')}</SelectOption>
            <SelectOption value="true">{t('signals.sharedOnly')}</SelectOption>
            <SelectOption value="false">{t('signals.sharedNot')}</SelectOption>
          </SelectField>
        )}
        {readAll && (
          <CheckboxField
            id="signals-filter-overdue"
            name="feedbackOverdue"
            value="yes"
            label={t('signals.onlyFeedbackOverdue')}
            checked={overdue}
            onChange={setOverdue}
          />
        )}
        <ButtonGroup>
          <Button type="submit" appearance="secondary-action-button">
            {t('signals.filter')}
          </Button>
        </ButtonGroup>
      </form>

      <Heading level={2}>{t('signals.listHeading')}</Heading>
      {signals.isPending && <Loading />}
      {signals.isError && <QueryError error={signals.error} onRetry={() => void signals.refetch()} />}
      {signals.data && (
        <>
          <Paragraph role="status">
            {items.length === 0 && !filtered
              ? readAll
                ? t('signals.none')
                : t('signals.noneShared')
              : t(filtered ? 'signals.countFiltered' : 'signals.count', { count: items.length })}
          </Paragraph>
          {items.length > 0 && (
            <ul className="bg-signal-cards" aria-label={t('signals.listLabel')}>
              {items.map((signal) => (
                <SignalCard key={signal.id} network={network} signal={signal} />
              ))}
            </ul>
          )}
          {signals.hasNextPage && (
            <ButtonGroup>
              <Button
                appearance="secondary-action-button"
                busy={signals.isFetchingNextPage}
                onClick={() => !signals.isFetchingNextPage && void signals.fetchNextPage()}
              >
                {t('signals.more')}
              </Button>
            </ButtonGroup>
          )}
        </>
      )}
    </>
  );
}

function SignalCard({ network, signal }: { network: Network; signal: Signal }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const levelLabel = useLevelLabel();
  const place = [signal.area.trim(), signal.community.trim()].filter(Boolean).join(' · ');
  return (
    <li className={signal.urgent ? 'bg-signal-card bg-signal-card--urgent' : 'bg-signal-card'}>
      <SignalFlags signal={signal} />
      <Heading level={3} className="bg-signal-card__title">
        <RouterLink
          to="/netwerken/$networkId/signalen/$signalId"
          params={{ networkId: network.id, signalId: signal.id }}
        >
          {signal.urgent && <span className="bg-visually-hidden">{t('signals.urgent')}: </span>}
          {signal.themeLabel}
        </RouterLink>
      </Heading>
      <Paragraph>
        {t('signals.levelShort', { level: signal.level, label: levelLabel(signal.level) })}
        {' · '}
        {t(`signals.phase.${signal.phase}`)}
        {' · '}
        {t(`signals.status.${signal.status}`)}
      </Paragraph>
      <Paragraph appearance="small" className="bg-muted">
        <time dateTime={signal.observedAt}>{formatDateTime(signal.observedAt, language)}</time>
        {place && <> · {place}</>}
      </Paragraph>
    </li>
  );
}
