import { useQueryClient } from '@tanstack/react-query';
import {
  Button,
  ButtonGroup,
  Heading,
  Paragraph,
  SelectOption,
  Strong,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableContainer,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  $api,
  isForbidden,
  isTenantKind,
  problemFieldErrors,
  type DirectoryEntry,
  type OversightStatus,
  type TenantOversight,
} from '../api/client';
import { useDirectory } from '../api/directory';
import { answersOversight, can, mayOpenOversight, useSignedInMe } from '../api/me';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { SelectField, TextField } from '../components/fields';
import { NoAccess } from '../components/NoAccess';
import { ProblemAlert, type FieldProblem } from '../components/ProblemAlert';
import { Loading, QueryError } from '../components/QueryError';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { formatDate, today } from '../format';
import { currentLanguage } from '../i18n';

const OVERSIGHT_PATH = '/api/v1/tenants/{tenant}/oversight';
const BUREAUS_PATH = '/api/v1/tenants/{tenant}/bureaus';
const RELATION_PATH = '/api/v1/tenants/{tenant}/oversight/{oversightId}';
const ACCEPT_PATH = '/api/v1/tenants/{tenant}/oversight/{oversightId}/accept';
const END_PATH = '/api/v1/tenants/{tenant}/oversight/{oversightId}/end';
const OVERSIGHT_KEY = ['get', OVERSIGHT_PATH] as const;
const BUREAUS_KEY = ['get', BUREAUS_PATH] as const;

/** Relations that still run or wait for an answer: the bureau cannot ask for the same one again. */
const OPEN_STATUSES: readonly OversightStatus[] = ['pending', 'active', 'scheduled'];

/**
 * Toezicht: for a bureau, the municipalities and police units it follows or asks to follow (its
 * admins add and end relations); for a municipality or police unit, the bureaus that follow it
 * or ask to. Its administrators accept, decline and end them; its coordinators only see them.
 */
export function OversightPage() {
  const me = useSignedInMe();
  if (!mayOpenOversight(me)) return <NoAccess />;
  return <Oversight />;
}

/** What the overseen organisation's administrator is about to do (asks for confirmation). */
type Answer = { action: 'decline' | 'end'; relation: TenantOversight };

function Oversight() {
  const { t } = useTranslation();
  useDocumentTitle(t('oversight.title'));
  const language = currentLanguage();
  const me = useSignedInMe();
  const tenant = me.tenant.slug;
  const organisation = me.tenant.name;
  const isBureau = me.tenant.kind === 'bureau';
  const mayManage = isBureau && can(me, 'oversight', 'manage');
  // The overseen organisation's administrators answer requests (from GET …/bureaus).
  const answers = !isBureau && answersOversight(me);
  const hasActions = mayManage || answers;
  const captionId = useId();
  const queryClient = useQueryClient();
  const statusRef = useRef<HTMLParagraphElement>(null);

  const params = { params: { path: { tenant } } };
  const followed = $api.useQuery('get', OVERSIGHT_PATH, params, { enabled: !answers });
  const bureaus = $api.useQuery('get', BUREAUS_PATH, params, { enabled: answers });
  const relations = answers ? bureaus : followed;
  const [announcement, setAnnouncement] = useState({ message: '', count: 0 });
  const [ending, setEnding] = useState<TenantOversight>();
  const [answering, setAnswering] = useState<Answer>();
  const [actionError, setActionError] = useState<unknown>();

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: OVERSIGHT_KEY }),
      queryClient.invalidateQueries({ queryKey: BUREAUS_KEY }),
    ]);
  const announce = (message: string) => setAnnouncement(({ count }) => ({ message, count: count + 1 }));

  // The button that was pressed may be gone now: continue from the message. This runs once the
  // message is on the page (an empty status is hidden, and cannot take focus) and after a
  // closing dialog has handed focus back to its opener.
  useEffect(() => {
    if (announcement.count > 0) statusRef.current?.focus();
  }, [announcement.count]);

  const end = $api.useMutation('patch', RELATION_PATH, { onSettled: refresh });
  const accept = $api.useMutation('post', ACCEPT_PATH, { onSettled: refresh });
  const endByUs = $api.useMutation('post', END_PATH, { onSettled: refresh });

  const doEnd = () => {
    const relation = ending;
    if (!relation) return;
    end.mutate(
      { params: { path: { tenant, oversightId: relation.id } }, body: { endsOn: today() } },
      {
        onSuccess: () => {
          setEnding(undefined);
          announce(t('oversight.ended', { name: relation.overseen.name }));
        },
      },
    );
  };

  const doAccept = (relation: TenantOversight) => {
    if (accept.isPending) return;
    setActionError(undefined);
    accept.mutate(
      // The acceptance names the terms shown: a request changed since answers 409.
      {
        params: { path: { tenant, oversightId: relation.id } },
        body: { startsOn: relation.startsOn, endsOn: relation.endsOn },
      },
      {
        onSuccess: (accepted) => {
          const day = today();
          const from = accepted.startsOn > day ? accepted.startsOn : day;
          announce(
            t('oversight.accepted', {
              bureau: relation.bureau.name,
              organisation,
              date: formatDate(from, language),
            }),
          );
        },
        onError: setActionError,
      },
    );
  };

  const doAnswer = () => {
    const pending = answering;
    if (!pending) return;
    const bureau = pending.relation.bureau.name;
    endByUs.mutate(
      { params: { path: { tenant, oversightId: pending.relation.id } } },
      {
        onSuccess: () => {
          setAnswering(undefined);
          announce(pending.action === 'decline' ? t('oversight.declined', { bureau }) : t('oversight.endedByUs', { bureau }));
        },
      },
    );
  };

  if (isForbidden(relations.error)) return <NoAccess />;

  const items = relations.data?.items ?? [];
  const waiting = items.filter((relation) => relation.status === 'pending').length;
  const kindLabel = (kind: string) => (isTenantKind(kind) ? t(`kind.${kind}`) : kind);
  // The other party: whom the bureau follows, or which bureau follows us.
  const party = (relation: TenantOversight) => (isBureau ? relation.overseen : relation.bureau);
  const caption = isBureau ? t('oversight.captionBureau', { organisation }) : t('oversight.captionOverseen');
  const intro = isBureau
    ? t('oversight.introBureau', { organisation })
    : answers
      ? t('oversight.introAdmin', { organisation })
      : t('oversight.introOverseen', { organisation });
  const empty = isBureau
    ? t('oversight.emptyBureau', { organisation })
    : answers
      ? t('oversight.emptyAdmin')
      : t('oversight.emptyOverseen');

  return (
    <>
      <Heading level={1}>{t('oversight.title')}</Heading>
      <Paragraph>{intro}</Paragraph>
      <Paragraph role="status" className="bg-status" ref={statusRef} tabIndex={-1}>
        {announcement.message}
      </Paragraph>
      {actionError !== undefined && <ProblemAlert error={actionError} focusOnShow />}

      {relations.isPending && <Loading />}
      {relations.isError && <QueryError error={relations.error} onRetry={() => void relations.refetch()} />}
      {relations.isSuccess && items.length === 0 && <Paragraph>{empty}</Paragraph>}
      {relations.isSuccess && answers && waiting > 0 && (
        <Paragraph>
          <Strong>{t('oversight.pendingCount', { count: waiting })}</Strong>
        </Paragraph>
      )}
      {relations.isSuccess && items.length > 0 && (
        <TableContainer overflowInline role="region" aria-labelledby={captionId} tabIndex={0}>
          <Table className="bg-table">
            <TableCaption id={captionId}>{caption}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">
                  {isBureau ? t('oversight.columns.organisation') : t('oversight.columns.bureau')}
                </TableHeaderCell>
                <TableHeaderCell scope="col">{t('oversight.columns.since')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('oversight.columns.until')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('oversight.columns.status')}</TableHeaderCell>
                <TableHeaderCell scope="col">
                  {isBureau ? t('oversight.columns.grantedBy') : t('oversight.columns.requestedBy')}
                </TableHeaderCell>
                {hasActions && <TableHeaderCell scope="col">{t('oversight.columns.actions')}</TableHeaderCell>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((relation) => {
                const other = party(relation);
                const status = relation.status;
                return (
                  <TableRow key={relation.id}>
                    <TableHeaderCell scope="row">
                      <span className="bg-cell-title">{other.name}</span>{' '}
                      <span className="bg-muted bg-cell-note">{kindLabel(other.kind)}</span>
                    </TableHeaderCell>
                    <TableCell>{formatDate(relation.startsOn, language)}</TableCell>
                    <TableCell>
                      {relation.endsOn ? (
                        formatDate(relation.endsOn, language)
                      ) : (
                        <>
                          <span aria-hidden="true">—</span>
                          <span className="bg-visually-hidden">{t('oversight.noEnd')}</span>
                        </>
                      )}
                    </TableCell>
                    <TableCell>
                      {status === 'pending' ? <Strong>{t('oversight.status.pending')}</Strong> : t(`oversight.status.${status}`)}
                      <StatusNote relation={relation} />
                    </TableCell>
                    <TableCell>{relation.grantedBy}</TableCell>
                    {mayManage && (
                      <TableCell>
                        {status === 'active' && (
                          <Button
                            appearance="secondary-action-button"
                            onClick={() => {
                              end.reset();
                              setEnding(relation);
                            }}
                          >
                            {t('oversight.end')} <span className="bg-visually-hidden">{other.name}</span>
                          </Button>
                        )}
                      </TableCell>
                    )}
                    {answers && (
                      <TableCell>
                        {status === 'pending' && (
                          <ButtonGroup className="bg-row-actions">
                            <Button
                              appearance="primary-action-button"
                              busy={accept.isPending && accept.variables?.params.path.oversightId === relation.id}
                              onClick={() => doAccept(relation)}
                            >
                              {t('oversight.accept')} <span className="bg-visually-hidden">{other.name}</span>
                            </Button>
                            <Button
                              appearance="secondary-action-button"
                              onClick={() => {
                                endByUs.reset();
                                setActionError(undefined);
                                setAnswering({ action: 'decline', relation });
                              }}
                            >
                              {t('oversight.decline')} <span className="bg-visually-hidden">{other.name}</span>
                            </Button>
                          </ButtonGroup>
                        )}
                        {(status === 'active' || status === 'scheduled') && (
                          <Button
                            appearance="secondary-action-button"
                            onClick={() => {
                              endByUs.reset();
                              setActionError(undefined);
                              setAnswering({ action: 'end', relation });
                            }}
                          >
                            {t('oversight.end')} <span className="bg-visually-hidden">{other.name}</span>
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
      )}

      {mayManage && relations.isSuccess && (
        <AddRelationForm
          relations={items}
          onAdded={(relation) =>
            announce(
              t('oversight.added', {
                name: relation.overseen.name,
                bureau: relation.bureau.name,
                date: formatDate(relation.startsOn, language),
              }),
            )
          }
        />
      )}

      {ending && (
        <ConfirmDialog
          title={t('oversight.confirmEndTitle', { name: ending.overseen.name })}
          confirmLabel={t('oversight.confirmEnd')}
          cancelLabel={t('common.cancel')}
          busy={end.isPending}
          onConfirm={doEnd}
          onCancel={() => setEnding(undefined)}
          footer={
            end.isError && (
              <ProblemAlert
                error={end.error}
                fields={Object.entries(problemFieldErrors(end.error)).map(([field, text]) => ({
                  label: field === 'endsOn' ? t('oversight.endsOn') : field,
                  message: text,
                }))}
              />
            )
          }
        >
          {t('oversight.confirmEndText', {
            name: ending.overseen.name,
            bureau: ending.bureau.name,
            date: formatDate(today(), language),
          })}
        </ConfirmDialog>
      )}

      {answering && (
        <ConfirmDialog
          title={
            answering.action === 'decline'
              ? t('oversight.confirmDeclineTitle', { bureau: answering.relation.bureau.name })
              : t('oversight.confirmEndByUsTitle', { bureau: answering.relation.bureau.name })
          }
          confirmLabel={answering.action === 'decline' ? t('oversight.confirmDecline') : t('oversight.confirmEnd')}
          cancelLabel={t('common.cancel')}
          busy={endByUs.isPending}
          onConfirm={doAnswer}
          onCancel={() => setAnswering(undefined)}
          footer={endByUs.isError && <ProblemAlert error={endByUs.error} />}
        >
          {answering.action === 'decline'
            ? t('oversight.confirmDeclineText', { bureau: answering.relation.bureau.name, organisation })
            : t('oversight.confirmEndByUsText', {
                bureau: answering.relation.bureau.name,
                organisation,
                date: formatDate(today(), language),
              })}
        </ConfirmDialog>
      )}
    </>
  );
}

/** Who answered: the overseen organisation's administrator who accepted, or who ended it. */
function StatusNote({ relation }: { relation: TenantOversight }) {
  const { t } = useTranslation();
  const { status, acceptedBy, endedBy } = relation;
  if ((status === 'ended' || status === 'declined') && endedBy) {
    return <span className="bg-muted bg-cell-note">{t('oversight.endedBy', { by: endedBy })}</span>;
  }
  if ((status === 'active' || status === 'scheduled' || status === 'ended') && acceptedBy) {
    return <span className="bg-muted bg-cell-note">{t('oversight.acceptedBy', { by: acceptedBy })}</span>;
  }
  return null;
}

type AddField = 'tenant' | 'startsOn' | 'endsOn';

const FIELD_IDS: Record<AddField, string> = {
  tenant: 'oversight-tenant',
  startsOn: 'oversight-starts-on',
  endsOn: 'oversight-ends-on',
};

const ADD_FIELDS = Object.keys(FIELD_IDS) as AddField[];
const CANDIDATE_KINDS = ['municipality', 'police_unit'] as const;

interface AddRelationFormProps {
  /** The bureau's relations: organisations it follows or asks to follow are not offered. */
  relations: TenantOversight[];
  onAdded: (relation: TenantOversight) => void;
}

/** "Organisatie toevoegen": the bureau starts following a municipality or police unit. */
function AddRelationForm({ relations, onAdded }: AddRelationFormProps) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const me = useSignedInMe();
  const tenant = me.tenant.slug;
  const organisation = me.tenant.name;
  const headingId = useId();
  const queryClient = useQueryClient();
  const directory = useDirectory();

  const [slug, setSlug] = useState('');
  const [startsOn, setStartsOn] = useState(() => today());
  const [endsOn, setEndsOn] = useState('');
  const [localErrors, setLocalErrors] = useState<Partial<Record<AddField, string>>>({});
  const [showErrors, setShowErrors] = useState(0); // bumps to move focus to the summary again

  const create = $api.useMutation('post', OVERSIGHT_PATH, {
    onSettled: () => queryClient.invalidateQueries({ queryKey: OVERSIGHT_KEY }),
  });

  const candidates = useMemo(() => {
    const followed = new Set(relations.filter((r) => OPEN_STATUSES.includes(r.status)).map((r) => r.overseen.slug));
    const collator = new Intl.Collator(language, { sensitivity: 'base', numeric: true });
    const byKind = new Map<string, DirectoryEntry[]>();
    for (const kind of CANDIDATE_KINDS) {
      byKind.set(
        kind,
        directory.items
          .filter((entry) => entry.kind === kind && !followed.has(entry.slug))
          .sort((a, b) => collator.compare(a.name, b.name)),
      );
    }
    return byKind;
  }, [relations, directory.items, language]);
  const candidateCount = [...candidates.values()].reduce((n, list) => n + list.length, 0);

  const serverErrors = problemFieldErrors(create.error);
  const fieldError = (field: AddField) => localErrors[field] ?? serverErrors[field];
  const label: Record<AddField, string> = {
    tenant: t('oversight.organisation'),
    startsOn: t('oversight.startsOn'),
    endsOn: t('oversight.endsOn'),
  };
  const summary: FieldProblem[] = [
    ...ADD_FIELDS.flatMap((field) => {
      const text = fieldError(field);
      return text ? [{ id: FIELD_IDS[field], label: label[field], message: text }] : [];
    }),
    ...Object.entries(serverErrors)
      .filter(([field]) => !(ADD_FIELDS as string[]).includes(field))
      .map(([field, text]) => ({ label: field, message: text })),
  ];
  const hasLocalErrors = Object.keys(localErrors).length > 0;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (create.isPending) return;
    const local: Partial<Record<AddField, string>> = {};
    if (!slug) local.tenant = t('oversight.organisationRequired');
    if (!startsOn) local.startsOn = t('oversight.startsOnRequired');
    setLocalErrors(local);
    if (Object.keys(local).length > 0) {
      create.reset();
      setShowErrors((n) => n + 1);
      return;
    }
    create.mutate(
      {
        params: { path: { tenant } },
        body: { tenant: slug, startsOn, ...(endsOn ? { endsOn } : {}) },
      },
      {
        onSuccess: (relation) => {
          setSlug('');
          setStartsOn(today());
          setEndsOn('');
          onAdded(relation);
        },
        onError: () => setShowErrors((n) => n + 1),
      },
    );
  };

  return (
    <>
      <Heading level={2} id={headingId}>
        {t('oversight.addHeading')}
      </Heading>
      <Paragraph>{t('oversight.addIntro', { organisation })}</Paragraph>
      {directory.error !== undefined && (
        <ProblemAlert error={directory.error} fallbackTitle={t('common.loadFailed')} onRetry={directory.retry} />
      )}
      {directory.loading && (
        <Paragraph role="status" className="bg-status">
          {t('oversight.organisationsLoading')}
        </Paragraph>
      )}
      {!directory.loading && directory.error === undefined && candidateCount === 0 && (
        <Paragraph>{t('oversight.noCandidates', { organisation })}</Paragraph>
      )}
      {!directory.loading && directory.error === undefined && candidateCount > 0 && (
        <form noValidate onSubmit={submit} className="bg-form" aria-labelledby={headingId}>
          {(create.isError || hasLocalErrors) && (
            <ProblemAlert
              key={showErrors}
              error={create.isError ? create.error : { title: t('oversight.errorTitle') }}
              fields={summary}
              focusOnShow
            />
          )}
          <SelectField
            id={FIELD_IDS.tenant}
            label={t('oversight.organisation')}
            description={t('oversight.organisationDescription', { organisation })}
            required
            value={slug}
            onChange={setSlug}
            error={fieldError('tenant')}
          >
            <SelectOption value="">{t('oversight.chooseOrganisation')}</SelectOption>
            {CANDIDATE_KINDS.map((kind) => {
              const list = candidates.get(kind) ?? [];
              return (
                list.length > 0 && (
                  <optgroup key={kind} label={t(`oversight.group.${kind}`)}>
                    {list.map((entry) => (
                      <SelectOption key={entry.slug} value={entry.slug}>
                        {entry.name}
                      </SelectOption>
                    ))}
                  </optgroup>
                )
              );
            })}
          </SelectField>
          <TextField
            id={FIELD_IDS.startsOn}
            type="date"
            label={t('oversight.startsOn')}
            description={t('oversight.startsOnDescription')}
            required
            value={startsOn}
            onChange={setStartsOn}
            error={fieldError('startsOn')}
          />
          <TextField
            id={FIELD_IDS.endsOn}
            type="date"
            label={t('oversight.endsOn')}
            description={t('oversight.endsOnDescription')}
            value={endsOn}
            onChange={setEndsOn}
            error={fieldError('endsOn')}
          />
          <div>
            <Button type="submit" appearance="primary-action-button" busy={create.isPending}>
              {t('oversight.submit')}
            </Button>
          </div>
        </form>
      )}
    </>
  );
}
