import { keepPreviousData } from '@tanstack/react-query';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { Button, ButtonGroup, Heading, Paragraph, SelectOption } from '@utrecht/component-library-react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { $api, isForbidden, type Network } from '../../api/client';
import { CheckboxField, SelectField } from '../../components/fields';
import { RouterLink } from '../../components/links';
import { Loading, QueryError } from '../../components/QueryError';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { ActionsSearch } from '../../router';
import { WithNetwork } from '../allies/NetworkLoader';
import {
  ACTION_STATUSES,
  ACTIONS_PATH,
  isActionStatus,
  isParty,
  mayReadMinutes,
  mayWriteMinutes,
  PARTIES,
  type Action,
} from './meetings';
import { ActionDialog, ActionTable, NoMeetingsAccess } from './parts';

/** Acties: /netwerken/$networkId/acties — every action of the network, with filters. */
export function ActionsPage() {
  const { networkId } = useParams({ from: '/signedIn/netwerken/$networkId/acties' });
  return <WithNetwork networkId={networkId}>{(network) => <ActionsView network={network} />}</WithNetwork>;
}

function ActionsView({ network }: { network: Network }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const search = useSearch({ from: '/signedIn/netwerken/$networkId/acties' });
  const formId = useId();
  const networkId = network.id;
  const mayRead = mayReadMinutes(network);
  const mayWrite = mayWriteMinutes(network);
  useDocumentTitle(t('actions.titleOf', { name: network.name }));

  // The form's values; the list follows the address (?status=…&partij=…&verlopen=true).
  const [status, setStatus] = useState<string>(search.status ?? '');
  const [party, setParty] = useState<string>(search.partij ?? '');
  const [overdue, setOverdue] = useState(search.verlopen === true);
  useEffect(() => {
    setStatus(search.status ?? '');
    setParty(search.partij ?? '');
    setOverdue(search.verlopen === true);
  }, [search.status, search.partij, search.verlopen]);

  const query = {
    ...(search.status ? { status: search.status } : {}),
    ...(search.partij ? { party: search.partij } : {}),
    ...(search.verlopen ? { overdue: true } : {}),
    limit: 100,
  };
  // The previous list stays while a new filter loads (no flash of "loading", focus stays put).
  const actions = $api.useQuery(
    'get',
    ACTIONS_PATH,
    { params: { path: { networkId }, query } },
    { enabled: mayRead, placeholderData: keepPreviousData },
  );

  const statusRef = useRef<HTMLParagraphElement>(null);
  const [announcement, setAnnouncement] = useState({ message: '', count: 0 });
  useEffect(() => {
    if (announcement.count > 0) statusRef.current?.focus();
  }, [announcement.count]);
  const [editing, setEditing] = useState<Action>();

  if (!mayRead || isForbidden(actions.error)) return <NoMeetingsAccess networkId={networkId} />;

  const filter = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next: ActionsSearch = {
      ...(isActionStatus(status) ? { status } : {}),
      ...(isParty(party) ? { partij: party } : {}),
      ...(overdue ? { verlopen: true } : {}),
    };
    void navigate({ to: '/netwerken/$networkId/acties', params: { networkId }, search: next, replace: true });
  };
  const filtered = Boolean(search.status || search.partij || search.verlopen);
  const items = actions.data?.items ?? [];
  const overdueCount = items.filter((a) => a.overdue).length;

  return (
    <>
      <Paragraph>
        <RouterLink to="/netwerken/$networkId" params={{ networkId }}>
          {t('networks.backToNetwork', { name: network.name })}
        </RouterLink>
      </Paragraph>
      <Heading level={1}>{t('actions.title')}</Heading>
      <Paragraph>{t('actions.intro')}</Paragraph>
      <Paragraph role="status" className="bg-status" ref={statusRef} tabIndex={-1}>
        {announcement.message}
      </Paragraph>

      <form noValidate onSubmit={filter} className="bg-form bg-filter" aria-labelledby={formId}>
        <Heading level={2} id={formId}>
          {t('actions.filterHeading')}
        </Heading>
        <SelectField id="actions-filter-status" label={t('actions.field.status')} value={status} onChange={setStatus}>
          <SelectOption value="">{t('actions.allStatuses')}</SelectOption>
          {ACTION_STATUSES.map((s) => (
            <SelectOption key={s} value={s}>
              {t(`actions.status.${s}`)}
            </SelectOption>
          ))}
        </SelectField>
        <SelectField id="actions-filter-party" label={t('actions.field.ownerParty')} value={party} onChange={setParty}>
          <SelectOption value="">{t('actions.allParties')}</SelectOption>
          {PARTIES.map((p) => (
            <SelectOption key={p} value={p}>
              {t(`meetings.party.${p}`)}
            </SelectOption>
          ))}
        </SelectField>
        <CheckboxField
          id="actions-filter-overdue"
          name="overdue"
          value="yes"
          label={t('actions.onlyOverdue')}
          checked={overdue}
          onChange={setOverdue}
        />
        <ButtonGroup>
          <Button type="submit" appearance="secondary-action-button">
            {t('actions.filter')}
          </Button>
        </ButtonGroup>
      </form>

      <Heading level={2}>{t('actions.listHeading')}</Heading>
      {actions.isPending && <Loading />}
      {actions.isError && <QueryError error={actions.error} onRetry={() => void actions.refetch()} />}
      {actions.data && (
        <>
          <Paragraph role="status">
            {t(filtered ? 'actions.countFiltered' : 'actions.count', { count: items.length })}
            {overdueCount > 0 && <> {t('actions.overdueCount', { count: overdueCount })}</>}
          </Paragraph>
          {items.length > 0 && (
            <ActionTable
              networkId={networkId}
              actions={items}
              caption={t('actions.caption', { name: network.name })}
              withMeeting
              onEdit={mayWrite ? setEditing : undefined}
            />
          )}
          {actions.data.next && <Paragraph>{t('actions.more')}</Paragraph>}
        </>
      )}

      {editing && (
        <ActionDialog
          networkId={networkId}
          action={editing}
          onSaved={(saved) => {
            setEditing(undefined);
            setAnnouncement(({ count }) => ({ message: t('actions.saved', { title: saved.title }), count: count + 1 }));
          }}
          onCancel={() => setEditing(undefined)}
        />
      )}
    </>
  );
}
