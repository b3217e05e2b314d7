import { useParams } from '@tanstack/react-router';
import {
  Button,
  Heading,
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
import type { TFunction } from 'i18next';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { problemStatus, type Network } from '../../api/client';
import { useSignedInMe } from '../../api/me';
import { NoAccess } from '../../components/NoAccess';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Loading, QueryError } from '../../components/QueryError';
import { RadioGroupField, SelectField, TextAreaField, TextField } from '../../components/fields';
import { RouterLink } from '../../components/links';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { formatDate, formatDateTime, today } from '../../format';
import { currentLanguage } from '../../i18n';
import { WithNetwork } from '../allies/NetworkLoader';
import { NotFoundPage } from '../NotFoundPage';
import { fieldProblems, useAnnouncer } from '../signals/parts';
import {
  MODES,
  alliesInOrder,
  introductionPaths,
  mayHaveIntroduction,
  mayHaveOwnIntroduction,
  mayListIntroductions,
  statusKey,
  stepOf,
  useIntroduction,
  useIntroductionMutation,
  useIntroductionSheet,
  useIntroductions,
  useMyIntroductions,
  type ContactInput,
  type Introduction,
  type IntroductionAlly,
  type IntroductionSummary,
  type ManualStep,
  type Mode,
  type StepInput,
} from './introduction';
import './introduction.css';

function ProgressText({ p }: { p: IntroductionSummary }) {
  const { t } = useTranslation();
  return (
    <div className="bg-intro-progress">
      <Paragraph>{t('introduction.progressLabel', { done: p.progress.done, total: p.progress.total, percent: p.progress.percent })}</Paragraph>
      <div className="bg-intro-progress__bar" aria-hidden="true">
        <div className="bg-intro-progress__done" style={{ width: `${p.progress.percent}%` }} />
      </div>
    </div>
  );
}

function statusText(t: TFunction, p: IntroductionSummary) {
  return t(`introduction.status.${statusKey(p)}`);
}

/** Mijn introductie: /introductie — the person's own programmes. */
export function MyIntroductionsPage() {
  const { t } = useTranslation();
  const language = currentLanguage();
  useDocumentTitle(t('introduction.mineTitle'));
  const mine = useMyIntroductions();
  return (
    <>
      <Heading level={1}>{t('introduction.mineTitle')}</Heading>
      <Paragraph>{t('introduction.mineIntro')}</Paragraph>
      {mine.isPending ? (
        <Loading />
      ) : mine.isError ? (
        <QueryError error={mine.error} onRetry={() => void mine.refetch()} />
      ) : mine.data.items.length === 0 ? (
        <Paragraph>{t('introduction.mineEmpty')}</Paragraph>
      ) : (
        <UnorderedList className="bg-intro-list">
          {mine.data.items.map((p) => (
            <UnorderedListItem key={p.id}>
              <Heading level={2}>{p.networkName}</Heading>
              <Paragraph>
                {statusText(t, p)} —{' '}
                {t('introduction.startedOn', { started: formatDate(p.startedOn, language), due: formatDate(p.dueOn, language) })}
              </Paragraph>
              <ProgressText p={p} />
              <Paragraph>
                <RouterLink to="/netwerken/$networkId/introducties/$introductionId" params={{ networkId: p.networkId, introductionId: p.id }}>
                  {t('introduction.mineLink', { network: p.networkName })}
                </RouterLink>
              </Paragraph>
            </UnorderedListItem>
          ))}
        </UnorderedList>
      )}
      <Paragraph>
        <RouterLink to="/introductie/handreiking">{t('introduction.guideLink')}</RouterLink>
      </Paragraph>
    </>
  );
}

/** The way to the introductions from the network page. */
export function IntroductionNav({ network }: { network: Network }) {
  const { t } = useTranslation();
  const list = mayListIntroductions(network);
  const own = mayHaveIntroduction(network);
  if (!list && !own) return null;
  return (
    <section aria-labelledby="network-introduction-heading">
      <Heading level={2} id="network-introduction-heading">
        {t('introduction.nav')}
      </Heading>
      {own && (
        <Paragraph>
          <RouterLink to="/introductie">{t('introduction.navMine')}</RouterLink>
        </Paragraph>
      )}
      {list && (
        <Paragraph>
          <RouterLink to="/netwerken/$networkId/introducties" params={{ networkId: network.id }}>
            {t('introduction.navAll')}
          </RouterLink>
        </Paragraph>
      )}
    </section>
  );
}

/** The network's programmes: /netwerken/$networkId/introducties. */
export function IntroductionsPage() {
  const { networkId } = useParams({ from: '/signedIn/netwerken/$networkId/introducties' });
  return <WithNetwork networkId={networkId}>{(network) => <IntroductionsView network={network} />}</WithNetwork>;
}

function IntroductionsView({ network }: { network: Network }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const captionId = useId();
  useDocumentTitle(t('introduction.listTitle', { network: network.name }));
  const list = useIntroductions(network);
  if (!mayListIntroductions(network)) return <NoAccess />;
  if (list.isPending) return <Loading />;
  if (list.isError) return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  const progressOnly = list.data.access === 'progress';
  const items = list.data.items;
  return (
    <>
      <Paragraph>
        <RouterLink to="/netwerken/$networkId" params={{ networkId: network.id }}>
          {t('introduction.backToNetwork', { network: network.name })}
        </RouterLink>
      </Paragraph>
      <Heading level={1}>{t('introduction.listTitle', { network: network.name })}</Heading>
      <Paragraph>{t('introduction.listIntro')}</Paragraph>
      {progressOnly && <Paragraph>{t('introduction.listProgressIntro')}</Paragraph>}
      {list.data.averagePercent != null && <Paragraph>{t('introduction.average', { percent: list.data.averagePercent })}</Paragraph>}
      {items.length === 0 ? (
        <Paragraph>{t('introduction.listEmpty')}</Paragraph>
      ) : (
        <TableContainer overflowInline role="region" aria-labelledby={captionId} tabIndex={0}>
          <Table className="bg-table">
            <TableCaption id={captionId}>{t('introduction.listCaption', { network: network.name })}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('introduction.column.person')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('introduction.column.started')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('introduction.column.status')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('introduction.column.progress')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((p, i) => (
                <TableRow key={p.id}>
                  <TableHeaderCell scope="row">
                    {p.personName == null ? (
                      t('introduction.anonymous', { n: i + 1 })
                    ) : (
                      <RouterLink
                        to="/netwerken/$networkId/introducties/$introductionId"
                        params={{ networkId: network.id, introductionId: p.id }}
                      >
                        {p.personName}
                      </RouterLink>
                    )}
                  </TableHeaderCell>
                  <TableCell>{formatDate(p.startedOn, language)}</TableCell>
                  <TableCell>{statusText(t, p)}</TableCell>
                  <TableCell>{t('introduction.percent', { percent: p.progress.percent })}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </>
  );
}

/** One programme: /netwerken/$networkId/introducties/$introductionId. */
export function IntroductionPage() {
  const { networkId, introductionId } = useParams({ from: '/signedIn/netwerken/$networkId/introducties/$introductionId' });
  const q = useIntroduction(networkId, introductionId);
  const status = problemStatus(q.error);
  if (status === 403) return <NoAccess />;
  if (status === 404 || status === 400) return <NotFoundPage />;
  if (q.isPending) return <Loading />;
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  return <IntroductionView key={q.data.id} p={q.data} />;
}

function IntroductionView({ p }: { p: Introduction }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const title = p.mine
    ? t('introduction.title', { network: p.networkName })
    : t('introduction.titleOf', { person: p.personName ?? '', network: p.networkName });
  useDocumentTitle(title);
  const { announce, status } = useAnnouncer();
  const [contactFor, setContactFor] = useState<IntroductionAlly | null>(null);
  const allies = alliesInOrder(p.allies);
  return (
    <div className="bg-intro-page">
      <Paragraph className="bg-no-print">
        {p.mine ? (
          <RouterLink to="/introductie">{t('introduction.backToMine')}</RouterLink>
        ) : (
          <RouterLink to="/netwerken/$networkId/introducties" params={{ networkId: p.networkId }}>
            {t('introduction.backToList')}
          </RouterLink>
        )}
      </Paragraph>
      <Heading level={1}>{title}</Heading>
      <Paragraph>
        <strong>{statusText(t, p)}</strong> —{' '}
        {t('introduction.startedOn', { started: formatDate(p.startedOn, language), due: formatDate(p.dueOn, language) })}
        {p.closedOn && ` ${t('introduction.closedOn', { closed: formatDate(p.closedOn, language) })}`}
      </Paragraph>
      {p.status === 'waived' && p.waiveReason && <Paragraph>{t('introduction.waivedReason', { reason: p.waiveReason })}</Paragraph>}
      <ProgressText p={p} />
      {p.names && (
        <Paragraph className="bg-no-print">
          <RouterLink
            to="/netwerken/$networkId/introducties/$introductionId/blad"
            params={{ networkId: p.networkId, introductionId: p.id }}
          >
            {t('introduction.printLink')}
          </RouterLink>
        </Paragraph>
      )}
      {status}

      <section aria-labelledby="intro-allies-heading" className="bg-intro-step">
        <Heading level={2} id="intro-allies-heading">
          {t('introduction.alliesHeading')}
        </Heading>
        <Paragraph>{t('introduction.alliesIntro')}</Paragraph>
        <Paragraph>
          {p.progress.alliesMet} / {p.progress.alliesTotal}
        </Paragraph>
        {!p.names && <Paragraph>{t('introduction.alliesNoNames')}</Paragraph>}
        {p.allies.length === 0 ? (
          <Paragraph>{t('introduction.alliesNone')}</Paragraph>
        ) : (
          <UnorderedList className="bg-intro-list" aria-label={t('introduction.alliesCaption')}>
            {allies.map((a, i) => {
              const name = a.name ?? t('introduction.allyAnonymous', { n: i + 1 });
              return (
                <UnorderedListItem key={a.allyId ?? i}>
                  <Heading level={3}>{name}</Heading>
                  {(a.organisation || a.constituency) && (
                    <Paragraph>{[a.organisation, a.constituency].filter(Boolean).join(' · ')}</Paragraph>
                  )}
                  <Paragraph>
                    {t('introduction.allyColumn.introducer')}:{' '}
                    {a.suggested.length > 0 ? a.suggested.map((s) => s.name).join(', ') : t('introduction.noIntroducer')}
                  </Paragraph>
                  <Paragraph>
                    {t('introduction.allyColumn.contact')}:{' '}
                    {a.contact
                      ? t('introduction.met', {
                          date: formatDate(a.contact.metOn, language),
                          mode: t(`introduction.mode.${a.contact.mode}`).toLowerCase(),
                        })
                      : t('introduction.notMet')}
                  </Paragraph>
                  {a.contact?.note && <Paragraph>{t('introduction.stepNote', { note: a.contact.note })}</Paragraph>}
                  {!a.contact && p.canWrite && a.allyId && contactFor?.allyId !== a.allyId && (
                    <Button appearance="secondary-action-button" onClick={() => setContactFor(a)}>
                      {t('introduction.logContact')}
                      <span className="bg-visually-hidden"> — {name}</span>
                    </Button>
                  )}
                  {contactFor?.allyId === a.allyId && a.allyId && (
                    <ContactForm
                      p={p}
                      ally={a}
                      name={name}
                      onDone={() => {
                        setContactFor(null);
                        announce(t('introduction.saved'));
                      }}
                      onCancel={() => setContactFor(null)}
                    />
                  )}
                </UnorderedListItem>
              );
            })}
          </UnorderedList>
        )}
      </section>

      <section aria-labelledby="intro-meeting-heading" className="bg-intro-step">
        <Heading level={2} id="intro-meeting-heading">
          {t('introduction.meetingHeading')}
        </Heading>
        <Paragraph>{t('introduction.meetingIntro')}</Paragraph>
        {p.meeting.done && p.meeting.attendedOn ? (
          <Paragraph>{t('introduction.meetingDone', { date: formatDateTime(p.meeting.attendedOn, language) })}</Paragraph>
        ) : p.meeting.nextStartsAt && p.meeting.nextId ? (
          <>
            <Paragraph>
              {t('introduction.meetingNext', {
                when: formatDateTime(p.meeting.nextStartsAt, language),
                place: p.meeting.nextPlace ? `, ${p.meeting.nextPlace}` : '',
              })}
            </Paragraph>
            <Paragraph>
              <RouterLink
                to="/netwerken/$networkId/bijeenkomsten/$meetingId"
                params={{ networkId: p.networkId, meetingId: p.meeting.nextId }}
              >
                {t('introduction.meetingLink')}
              </RouterLink>
            </Paragraph>
          </>
        ) : (
          <Paragraph>{t('introduction.meetingNone')}</Paragraph>
        )}
      </section>

      <section aria-labelledby="intro-liaison-heading" className="bg-intro-step">
        <Heading level={2} id="intro-liaison-heading">
          {t('introduction.liaisonHeading')}
        </Heading>
        <Paragraph>{t('introduction.liaisonIntro')}</Paragraph>
        <Paragraph>
          {p.liaisons.length > 0
            ? t('introduction.liaisonNames', { names: p.liaisons.map((l) => l.name).join(', ') })
            : t('introduction.liaisonNone')}
        </Paragraph>
        <StepBlock p={p} step="liaison" onDone={() => announce(t('introduction.saved'))} />
      </section>

      <section aria-labelledby="intro-guide-heading" className="bg-intro-step">
        <Heading level={2} id="intro-guide-heading">
          {t('introduction.guideHeading')}
        </Heading>
        <Paragraph>{t('introduction.guideIntro')}</Paragraph>
        <Heading level={3}>{t('introduction.goals')}</Heading>
        <Paragraph className="bg-intro-text">{p.goals || t('introduction.noGoals')}</Paragraph>
        {p.expectations && (
          <>
            <Heading level={3}>{t('introduction.expectations')}</Heading>
            <Paragraph className="bg-intro-text">{p.expectations}</Paragraph>
          </>
        )}
        <Paragraph>
          <RouterLink to="/introductie/handreiking">{t('introduction.guideLink')}</RouterLink>
        </Paragraph>
        <StepBlock p={p} step="guide" onDone={() => announce(t('introduction.saved'))} />
      </section>

      <section aria-labelledby="intro-partner-heading" className="bg-intro-step">
        <Heading level={2} id="intro-partner-heading">
          {t('introduction.partnerHeading')}
        </Heading>
        <Paragraph>{t('introduction.partnerIntro')}</Paragraph>
        {p.partners.length > 0 && <Paragraph>{t('introduction.partnerNames', { names: p.partners.join(', ') })}</Paragraph>}
        <StepBlock p={p} step="partner" onDone={() => announce(t('introduction.saved'))} />
      </section>

      {p.canWaive && <WaiveForm p={p} onDone={() => announce(t('introduction.waived'))} />}
    </div>
  );
}

type ContactField = 'metOn' | 'mode' | 'note' | 'introducedBy' | 'allyId';

function ContactForm({ p, ally, name, onDone, onCancel }: { p: Introduction; ally: IntroductionAlly; name: string; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [metOn, setMetOn] = useState(today());
  const [mode, setMode] = useState<Mode | ''>('');
  const [note, setNote] = useState('');
  const [introducedBy, setIntroducedBy] = useState(ally.suggested[0]?.userId ?? '');
  const [local, setLocal] = useState<Partial<Record<ContactField, string>>>({});
  const save = useIntroductionMutation<ContactInput>(() => `${introductionPaths.one(p.networkId, p.id)}/contacts`);
  const ids: Record<ContactField, string> = {
    metOn: `${id}-meton`,
    mode: `${id}-mode-${MODES[0]}`,
    note: `${id}-note`,
    introducedBy: `${id}-introducer`,
    allyId: `${id}-meton`,
  };
  const { errors, summary } = fieldProblems(save.error, ids, (f) => t(`introduction.field.${f}`), local);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!mode) {
      setLocal({ mode: t('introduction.modeRequired') });
      return;
    }
    setLocal({});
    save.mutate(
      { body: { allyId: ally.allyId as string, metOn, mode, note, introducedBy: introducedBy || null } },
      { onSuccess: onDone },
    );
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-heading`} className="bg-intro-form">
      <Heading level={4} id={`${id}-heading`}>
        {t('introduction.contactForm', { name })}
      </Heading>
      {(save.isError || summary.length > 0) && <ProblemAlert error={save.error} fields={summary} focusOnShow />}
      <TextField id={ids.metOn} type="date" label={t('introduction.field.metOn')} value={metOn} onChange={setMetOn} required error={errors.metOn ?? errors.allyId} />
      <RadioGroupField
        id={`${id}-mode`}
        name={`${id}-mode`}
        legend={t('introduction.field.mode')}
        options={MODES}
        value={mode}
        onChange={setMode}
        optionLabel={(m) => t(`introduction.mode.${m}`)}
        error={errors.mode}
        inline
      />
      <TextAreaField id={ids.note} label={t('introduction.field.note')} description={t('introduction.field.noteHint')} value={note} onChange={setNote} rows={2} error={errors.note} />
      <SelectField id={ids.introducedBy} label={t('introduction.field.introducedBy')} value={introducedBy} onChange={setIntroducedBy} error={errors.introducedBy}>
        <SelectOption value="">{t('introduction.field.nobody')}</SelectOption>
        {ally.suggested.map((s) => (
          <SelectOption key={s.userId} value={s.userId}>
            {s.name}
          </SelectOption>
        ))}
      </SelectField>
      <div className="bg-intro-buttons">
        <Button type="submit" appearance="primary-action-button" disabled={save.isPending}>
          {t('introduction.save')}
        </Button>
        <Button type="button" appearance="subtle-button" onClick={onCancel}>
          {t('introduction.cancel')}
        </Button>
      </div>
    </form>
  );
}

function StepBlock({ p, step, onDone }: { p: Introduction; step: ManualStep; onDone: () => void }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const id = useId();
  const [doneOn, setDoneOn] = useState(today());
  const [note, setNote] = useState('');
  const save = useIntroductionMutation<StepInput>(() => `${introductionPaths.one(p.networkId, p.id)}/steps/${step}`);
  const done = stepOf(p, step);
  if (done) {
    return (
      <>
        <Paragraph className="bg-intro-done">{t('introduction.stepDone', { date: formatDate(done.doneOn, language) })}</Paragraph>
        {done.note && <Paragraph>{t('introduction.stepNote', { note: done.note })}</Paragraph>}
      </>
    );
  }
  if (!p.canWrite) return <Paragraph>{t('introduction.notYet')}</Paragraph>;
  const ids = { doneOn: `${id}-doneon`, note: `${id}-note`, step: `${id}-doneon` };
  const { errors, summary } = fieldProblems(save.error, ids, (f) => t(`introduction.field.${f}`));
  return (
    <form
      noValidate
      className="bg-intro-form"
      aria-label={t(`introduction.stepName.${step}`)}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ body: { doneOn, note } }, { onSuccess: onDone });
      }}
    >
      {save.isError && <ProblemAlert error={save.error} fields={summary} focusOnShow />}
      <TextField id={ids.doneOn} type="date" label={t('introduction.field.doneOn')} value={doneOn} onChange={setDoneOn} required error={errors.doneOn ?? errors.step} />
      <TextAreaField id={ids.note} label={t('introduction.field.note')} description={t('introduction.field.noteHint')} value={note} onChange={setNote} rows={2} error={errors.note} />
      <Button type="submit" appearance="secondary-action-button" disabled={save.isPending}>
        {t('introduction.markDone')}
        <span className="bg-visually-hidden"> — {t(`introduction.stepName.${step}`)}</span>
      </Button>
    </form>
  );
}

function WaiveForm({ p, onDone }: { p: Introduction; onDone: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [reason, setReason] = useState('');
  const waive = useIntroductionMutation<{ reason: string }>(() => `${introductionPaths.one(p.networkId, p.id)}/waive`);
  const { errors, summary } = fieldProblems(waive.error, { reason: `${id}-reason` }, (f) => t(`introduction.field.${f}`));
  return (
    <section aria-labelledby={`${id}-heading`} className="bg-intro-step bg-no-print">
      <Heading level={2} id={`${id}-heading`}>
        {t('introduction.waiveHeading')}
      </Heading>
      <Paragraph>{t('introduction.waiveIntro')}</Paragraph>
      <form
        noValidate
        aria-labelledby={`${id}-heading`}
        onSubmit={(e) => {
          e.preventDefault();
          waive.mutate({ body: { reason } }, { onSuccess: onDone });
        }}
      >
        {waive.isError && <ProblemAlert error={waive.error} fields={summary} focusOnShow />}
        <TextAreaField id={`${id}-reason`} label={t('introduction.field.reason')} description={t('introduction.field.reasonHint')} value={reason} onChange={setReason} rows={3} required error={errors.reason} />
        <Button type="submit" appearance="secondary-action-button" disabled={waive.isPending}>
          {t('introduction.waive')}
        </Button>
      </form>
    </section>
  );
}

/** The printable sheet: /netwerken/$networkId/introducties/$introductionId/blad. */
export function IntroductionSheetPage() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const captionId = useId();
  const { networkId, introductionId } = useParams({ from: '/signedIn/netwerken/$networkId/introducties/$introductionId/blad' });
  const q = useIntroductionSheet(networkId, introductionId);
  useDocumentTitle(q.data ? t('introduction.sheetTitle', { network: q.data.introduction.networkName }) : t('introduction.mineTitle'));
  const status = problemStatus(q.error);
  if (status === 403) return <NoAccess />;
  if (status === 404 || status === 400) return <NotFoundPage />;
  if (q.isPending) return <Loading />;
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const p = q.data.introduction;
  return (
    <div className="bg-intro-sheet">
      <Paragraph className="bg-no-print">
        <RouterLink to="/netwerken/$networkId/introducties/$introductionId" params={{ networkId, introductionId }}>
          {t('introduction.guideBack')}
        </RouterLink>
      </Paragraph>
      <Heading level={1}>{t('introduction.sheetTitle', { network: p.networkName })}</Heading>
      <Paragraph>
        {t('introduction.sheetFor', {
          person: p.personName ?? '',
          started: formatDate(p.startedOn, language),
          printed: formatDateTime(q.data.printedAt, language),
        })}
      </Paragraph>
      <Paragraph>
        <strong>{t('introduction.sheetWarning')}</strong>
      </Paragraph>
      <Paragraph className="bg-no-print">
        <Button appearance="primary-action-button" onClick={() => globalThis.print()}>
          {t('introduction.print')}
        </Button>
      </Paragraph>
      <TableContainer overflowInline role="region" aria-labelledby={captionId} tabIndex={0}>
        <Table className="bg-table">
          <TableCaption id={captionId}>{t('introduction.sheetCaption')}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('introduction.sheetColumn.name')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('introduction.sheetColumn.contact')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('introduction.sheetColumn.introducer')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('introduction.sheetColumn.met')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {p.allies.map((a, i) => (
              <TableRow key={a.allyId ?? i}>
                <TableHeaderCell scope="row">
                  {a.name}
                  {a.organisation && <div className="bg-muted">{a.organisation}</div>}
                </TableHeaderCell>
                <TableCell>
                  {a.mobile || a.email ? (
                    <>
                      {a.mobile && <div>{a.mobile}</div>}
                      {a.email && <div className="bg-intro-text">{a.email}</div>}
                    </>
                  ) : (
                    t('introduction.noContact')
                  )}
                </TableCell>
                <TableCell>{a.suggested.map((s) => s.name).join(', ') || t('introduction.noIntroducer')}</TableCell>
                <TableCell>{a.contact ? formatDate(a.contact.metOn, language) : '☐'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <Paragraph>{t('introduction.liaisonNames', { names: p.liaisons.map((l) => l.name).join(', ') || '—' })}</Paragraph>
      {p.partners.length > 0 && <Paragraph>{t('introduction.partnerNames', { names: p.partners.join(', ') })}</Paragraph>}
    </div>
  );
}

const GUIDE_POINTS = ['what', 'pillars', 'meetings', 'trust', 'together', 'crisis', 'evaluate', 'continuity'] as const;

/** The guide's key points for new colleagues: /introductie/handreiking. */
export function GuidePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('introduction.guideTitle'));
  const me = useSignedInMe();
  return (
    <div className="bg-intro-page">
      {mayHaveOwnIntroduction(me) && (
        <Paragraph>
          <RouterLink to="/introductie">{t('introduction.backToMine')}</RouterLink>
        </Paragraph>
      )}
      <Heading level={1}>{t('introduction.guideTitle')}</Heading>
      <Paragraph appearance="lead">{t('introduction.guideLead')}</Paragraph>
      {GUIDE_POINTS.map((point) => (
        <section key={point} aria-labelledby={`guide-${point}`}>
          <Heading level={2} id={`guide-${point}`}>
            {t(`introduction.guidePoints.${point}.heading`)}
          </Heading>
          <Paragraph>{t(`introduction.guidePoints.${point}.text`)}</Paragraph>
        </section>
      ))}
    </div>
  );
}
