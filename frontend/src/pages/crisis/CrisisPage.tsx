import { useParams } from '@tanstack/react-router';
import {
  Button,
  ButtonGroup,
  Fieldset,
  FieldsetLegend,
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
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { $api, type Network } from '../../api/client';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../components/fields';
import { ModalDialog } from '../../components/ModalDialog';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Loading, QueryError } from '../../components/QueryError';
import { RouterLink } from '../../components/links';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { formatDateTime, today } from '../../format';
import { currentLanguage } from '../../i18n';
import { WithNetwork } from '../allies/NetworkLoader';
import { useAnnouncer } from '../signals/parts';
import {
  CRISIS_PHASES,
  contactsVCardHref,
  crisisApi,
  localInstant,
  matchesFilter,
  mayListAllies,
  mayManageCrisis,
  mayReadCrisis,
  mayReadCrisisContacts,
  useCrisisRefresh,
  type CrisisDetail,
  type CrisisPhase,
  type CrisisSummary,
} from './crisis';
import './crisis.css';

/** Crisis mode: /netwerken/$networkId/crisis. */
export function CrisisPage() {
  const { networkId } = useParams({ from: '/signedIn/netwerken/$networkId/crisis' });
  return <WithNetwork networkId={networkId}>{(network) => <CrisisView network={network} />}</WithNetwork>;
}

function CrisisView({ network }: { network: Network }) {
  const { t } = useTranslation();
  const networkId = network.id;
  useDocumentTitle(t('crisis.titleOf', { name: network.name }));
  const { announce, status } = useAnnouncer();
  const list = $api.useQuery('get', crisisApi.list, { params: { path: { networkId } } });
  const items = list.data?.items ?? [];
  const active = items.find((c) => c.active);
  const past = items.filter((c) => !c.active);
  return (
    <>
      <Paragraph>
        <RouterLink to="/netwerken/$networkId" params={{ networkId }}>
          {t('crisis.backToNetwork', { name: network.name })}
        </RouterLink>
      </Paragraph>
      <Heading level={1}>{t('crisis.title')}</Heading>
      {status}
      {list.isPending && <Loading />}
      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && !active && (
        <>
          <Paragraph>{t('crisis.none')}</Paragraph>
          {mayManageCrisis(network) && <ActivateForm network={network} announce={announce} />}
        </>
      )}
      {active &&
        (mayReadCrisis(network) ? (
          <ActiveCrisis network={network} crisisId={active.id} announce={announce} />
        ) : (
          <Paragraph>{t('crisis.activeNoContent', { title: active.title })}</Paragraph>
        ))}
      {past.length > 0 && <PastCrises network={network} past={past} />}
    </>
  );
}

type Announce = (message: string) => void;

const MOOD_LEVELS = ['1', '2', '3', '4', '5'] as const;

function nowParts() {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { day: today(now), time: `${pad(now.getHours())}:${pad(now.getMinutes())}` };
}

function ActivateForm({ network, announce }: { network: Network; announce: Announce }) {
  const { t } = useTranslation();
  const networkId = network.id;
  const headingId = useId();
  const refresh = useCrisisRefresh();
  const themes = $api.useQuery('get', '/api/v1/networks/{networkId}/signal-themes', { params: { path: { networkId } } });
  const start = nowParts();
  const [title, setTitle] = useState('');
  const [trigger, setTrigger] = useState('');
  const [phase, setPhase] = useState<CrisisPhase>('rising');
  const [day, setDay] = useState(start.day);
  const [time, setTime] = useState(start.time);
  const [chosen, setChosen] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const activate = $api.useMutation('post', crisisApi.list, { onSettled: refresh });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (activate.isPending) return;
    activate.mutate(
      {
        params: { path: { networkId } },
        body: { title, trigger, phase, themes: chosen, startedAt: localInstant(day, time) ?? '' },
      },
      {
        onSuccess: (c) => announce(t('crisis.activated', { title: c.title })),
        onError: () => setAttempt((n) => n + 1),
      },
    );
  };
  const errors = fieldErrors(activate.error);
  return (
    <section aria-labelledby={headingId}>
      <Heading level={2} id={headingId}>
        {t('crisis.activate.heading')}
      </Heading>
      <form noValidate onSubmit={submit} className="bg-form">
        {activate.isError && <ProblemAlert key={attempt} error={activate.error} focusOnShow />}
        <TextField id="crisis-title" label={t('crisis.activate.title')} required value={title} onChange={setTitle} error={errors.title} />
        <TextAreaField id="crisis-trigger" label={t('crisis.activate.trigger')} required value={trigger} onChange={setTrigger} error={errors.trigger} />
        <SelectField id="crisis-phase" label={t('crisis.phaseLabel')} value={phase} onChange={(v) => setPhase(v as CrisisPhase)} error={errors.phase}>
          {CRISIS_PHASES.map((p) => (
            <SelectOption key={p} value={p}>
              {t(`crisis.phase.${p}`)}
            </SelectOption>
          ))}
        </SelectField>
        <TextField id="crisis-start-day" type="date" label={t('crisis.activate.startDay')} required value={day} onChange={setDay} error={errors.startedAt} />
        <TextField id="crisis-start-time" type="time" label={t('crisis.activate.startTime')} required value={time} onChange={setTime} />
        {themes.data && (
          <Fieldset>
            <FieldsetLegend>{t('crisis.activate.themes')}</FieldsetLegend>
            {themes.data.items
              .filter((th) => !th.archived)
              .map((th) => (
                <CheckboxField
                  key={th.key}
                  id={`crisis-theme-${th.key}`}
                  name="themes"
                  value={th.key}
                  label={th.label}
                  checked={chosen.includes(th.key)}
                  onChange={(on) => setChosen((list) => (on ? [...list, th.key] : list.filter((k) => k !== th.key)))}
                />
              ))}
          </Fieldset>
        )}
        <ButtonGroup>
          <Button type="submit" appearance="primary-action-button" busy={activate.isPending}>
            {t('crisis.activate.submit')}
          </Button>
        </ButtonGroup>
      </form>
    </section>
  );
}

/** Field messages of a problem answer, by field name. */
function fieldErrors(error: unknown): Record<string, string | undefined> {
  const errors = (error as { errors?: Record<string, string> } | null | undefined)?.errors;
  return errors ?? {};
}

function ActiveCrisis({ network, crisisId, announce }: { network: Network; crisisId: string; announce: Announce }) {
  const networkId = network.id;
  const detail = $api.useQuery('get', crisisApi.one, { params: { path: { networkId, crisisId } } });
  if (detail.isPending) return <Loading />;
  if (detail.isError) return <QueryError error={detail.error} onRetry={() => void detail.refetch()} />;
  const crisis = detail.data;
  const manage = mayManageCrisis(network);
  return (
    <>
      <CrisisHeader crisis={crisis} />
      {manage && <PhaseForm network={network} crisis={crisis} announce={announce} />}
      <EmergencyMeeting network={network} crisis={crisis} manage={manage} announce={announce} />
      {mayReadCrisisContacts(network) && <ContactList network={network} />}
      <Entries network={network} crisis={crisis} announce={announce} />
      <Polls network={network} crisis={crisis} announce={announce} />
      <Timeline network={network} crisisId={crisis.id} />
      {manage && <CloseCrisis network={network} crisis={crisis} announce={announce} />}
    </>
  );
}

function CrisisHeader({ crisis }: { crisis: CrisisDetail }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <section aria-labelledby="crisis-active-heading">
      <Heading level={2} id="crisis-active-heading">
        {crisis.title}
      </Heading>
      <Paragraph>
        {t('crisis.phaseNow', { phase: t(`crisis.phase.${crisis.phase}`) })} —{' '}
        {t('crisis.startedAt', { at: formatDateTime(crisis.startedAt, language) })}
      </Paragraph>
      <Paragraph>{crisis.trigger}</Paragraph>
    </section>
  );
}

function PhaseForm({ network, crisis, announce }: { network: Network; crisis: CrisisDetail; announce: Announce }) {
  const { t } = useTranslation();
  const refresh = useCrisisRefresh();
  const next = CRISIS_PHASES.find((p) => p !== crisis.phase) ?? 'aftermath';
  const [phase, setPhase] = useState<CrisisPhase>(next);
  const [note, setNote] = useState('');
  const change = $api.useMutation('post', crisisApi.phase, { onSettled: refresh });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (change.isPending) return;
    change.mutate(
      { params: { path: { networkId: network.id, crisisId: crisis.id } }, body: { phase, note } },
      {
        onSuccess: () => {
          setNote('');
          announce(t('crisis.phaseChanged', { phase: t(`crisis.phase.${phase}`) }));
        },
      },
    );
  };
  return (
    <section aria-labelledby="crisis-phase-heading">
      <Heading level={3} id="crisis-phase-heading">
        {t('crisis.changePhase')}
      </Heading>
      <form noValidate onSubmit={submit} className="bg-form">
        {change.isError && <ProblemAlert error={change.error} focusOnShow />}
        <SelectField id="crisis-new-phase" label={t('crisis.phaseLabel')} value={phase} onChange={(v) => setPhase(v as CrisisPhase)}>
          {CRISIS_PHASES.map((p) => (
            <SelectOption key={p} value={p}>
              {t(`crisis.phase.${p}`)}
            </SelectOption>
          ))}
        </SelectField>
        <TextField id="crisis-phase-note" label={t('crisis.phaseNote')} value={note} onChange={setNote} />
        <ButtonGroup>
          <Button type="submit" appearance="secondary-action-button" busy={change.isPending}>
            {t('crisis.changePhase')}
          </Button>
        </ButtonGroup>
      </form>
    </section>
  );
}

/** The network's emergency meeting, linked to the crisis (coordinators choose it). */
function EmergencyMeeting({ network, crisis, manage, announce }: { network: Network; crisis: CrisisDetail; manage: boolean; announce: Announce }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const networkId = network.id;
  const refresh = useCrisisRefresh();
  const meetings = $api.useQuery('get', '/api/v1/networks/{networkId}/meetings', { params: { path: { networkId }, query: { order: 'desc' } } });
  const emergency = (meetings.data?.items ?? []).filter((m) => m.kind === 'emergency');
  const [meetingId, setMeetingId] = useState('');
  const link = $api.useMutation('put', crisisApi.emergencyMeeting, { onSettled: refresh });
  const linked = emergency.find((m) => m.id === crisis.emergencyMeetingId);
  const chosen = meetingId || emergency[0]?.id || '';
  return (
    <section aria-labelledby="crisis-emergency-heading">
      <Heading level={3} id="crisis-emergency-heading">
        {t('crisis.emergency.heading')}
      </Heading>
      {crisis.emergencyMeetingId ? (
        <Paragraph>
          <RouterLink to="/netwerken/$networkId/bijeenkomsten/$meetingId" params={{ networkId, meetingId: crisis.emergencyMeetingId }}>
            {linked ? t('crisis.emergency.linkedAt', { at: formatDateTime(linked.startsAt, language) }) : t('crisis.emergency.linked')}
          </RouterLink>
        </Paragraph>
      ) : (
        <Paragraph>{t('crisis.emergency.none')}</Paragraph>
      )}
      {manage && emergency.length > 0 && (
        <form
          noValidate
          className="bg-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (link.isPending || !chosen) return;
            link.mutate(
              { params: { path: { networkId, crisisId: crisis.id } }, body: { meetingId: chosen } },
              { onSuccess: () => announce(t('crisis.emergency.done')) },
            );
          }}
        >
          {link.isError && <ProblemAlert error={link.error} focusOnShow />}
          <SelectField id="crisis-emergency-meeting" label={t('crisis.emergency.choose')} value={chosen} onChange={setMeetingId}>
            {emergency.map((m) => (
              <SelectOption key={m.id} value={m.id}>
                {`${formatDateTime(m.startsAt, language)}${m.place ? `, ${m.place}` : ''}`}
              </SelectOption>
            ))}
          </SelectField>
          <ButtonGroup>
            <Button type="submit" appearance="secondary-action-button" busy={link.isPending}>
              {t('crisis.emergency.link')}
            </Button>
          </ButtonGroup>
        </form>
      )}
      {manage && (
        <Paragraph>
          <RouterLink to="/netwerken/$networkId/bijeenkomsten/nieuw" params={{ networkId }}>
            {t('crisis.emergency.plan')}
          </RouterLink>
        </Paragraph>
      )}
    </section>
  );
}

function ContactList({ network }: { network: Network }) {
  const { t } = useTranslation();
  const captionId = useId();
  const contacts = $api.useQuery('get', crisisApi.contacts, { params: { path: { networkId: network.id } } });
  return (
    <section aria-labelledby="crisis-contacts-heading">
      <Heading level={3} id="crisis-contacts-heading">
        {t('crisis.contacts.heading')}
      </Heading>
      {contacts.isPending && <Loading />}
      {contacts.isError && <QueryError error={contacts.error} onRetry={() => void contacts.refetch()} />}
      {contacts.data && (
        <>
          <Paragraph>
            <Link href={contactsVCardHref(network.id)} download>
              {t('crisis.contacts.vcard')}
            </Link>
          </Paragraph>
          <TableContainer overflowInline role="region" aria-labelledby={captionId} tabIndex={0}>
            <Table className="bg-table">
              <TableCaption id={captionId}>{t('crisis.contacts.caption')}</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t('crisis.contacts.name')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('crisis.contacts.phone')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('crisis.contacts.who')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {contacts.data.allies.map((a) => (
                  <TableRow key={a.id}>
                    <TableHeaderCell scope="row">{a.name}</TableHeaderCell>
                    <TableCell>{a.tel ? <Link href={a.tel}>{a.mobile}</Link> : '—'}</TableCell>
                    <TableCell>{[t('crisis.contacts.ally'), a.community].filter(Boolean).join(', ')}</TableCell>
                  </TableRow>
                ))}
                {contacts.data.people.map((p) => (
                  <TableRow key={`${p.role}-${p.id}`}>
                    <TableHeaderCell scope="row">{p.name}</TableHeaderCell>
                    <TableCell>{p.email ? <Link href={`mailto:${p.email}`}>{p.email}</Link> : '—'}</TableCell>
                    <TableCell>{`${t(`crisis.contacts.role.${p.role}`)}, ${p.tenant.name}`}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        </>
      )}
    </section>
  );
}

function Entries({ network, crisis, announce }: { network: Network; crisis: CrisisDetail; announce: Announce }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const manage = mayManageCrisis(network);
  const refresh = useCrisisRefresh();
  const [kind, setKind] = useState<'decision' | 'advice' | 'question'>('decision');
  const [text, setText] = useState('');
  const add = $api.useMutation('post', crisisApi.entries, { onSettled: refresh });
  const entries = crisis.entries.filter((e) => e.kind !== 'phase');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (add.isPending) return;
    add.mutate(
      { params: { path: { networkId: network.id, crisisId: crisis.id } }, body: { kind, text } },
      {
        onSuccess: () => {
          setText('');
          announce(t('crisis.entries.added'));
        },
      },
    );
  };
  return (
    <section aria-labelledby="crisis-entries-heading">
      <Heading level={3} id="crisis-entries-heading">
        {t('crisis.entries.heading')}
      </Heading>
      {entries.length === 0 ? (
        <Paragraph>{t('crisis.entries.none')}</Paragraph>
      ) : (
        <UnorderedList>
          {entries.map((e) => (
            <UnorderedListItem key={e.id}>
              <strong>{t(`crisis.entries.kind.${e.kind}`)}</strong> ({formatDateTime(e.at, language)}): {e.text}
              {e.allyName && ` — ${e.allyName}`}
              {e.kind === 'question' && <QuestionAnswer network={network} crisisId={crisis.id} entry={e} manage={manage} announce={announce} />}
            </UnorderedListItem>
          ))}
        </UnorderedList>
      )}
      {manage && (
        <form noValidate onSubmit={submit} className="bg-form">
          {add.isError && <ProblemAlert error={add.error} focusOnShow />}
          <SelectField id="crisis-entry-kind" label={t('crisis.entries.kindLabel')} value={kind} onChange={(v) => setKind(v as typeof kind)}>
            {(['decision', 'advice', 'question'] as const).map((k) => (
              <SelectOption key={k} value={k}>
                {t(`crisis.entries.kind.${k}`)}
              </SelectOption>
            ))}
          </SelectField>
          <TextAreaField id="crisis-entry-text" label={t('crisis.entries.text')} required value={text} onChange={setText} error={fieldErrors(add.error).text} />
          <ButtonGroup>
            <Button type="submit" appearance="secondary-action-button" busy={add.isPending}>
              {t('crisis.entries.add')}
            </Button>
          </ButtonGroup>
        </form>
      )}
    </section>
  );
}

function QuestionAnswer({
  network,
  crisisId,
  entry,
  manage,
  announce,
}: {
  network: Network;
  crisisId: string;
  entry: CrisisDetail['entries'][number];
  manage: boolean;
  announce: Announce;
}) {
  const { t } = useTranslation();
  const refresh = useCrisisRefresh();
  const [answer, setAnswer] = useState(entry.answer);
  const [carriedBack, setCarriedBack] = useState(entry.carriedBack);
  const save = $api.useMutation('put', crisisApi.answer, { onSettled: refresh });
  const shown = entry.answer ? (
    <Paragraph>
      {t('crisis.entries.answer')}: {entry.answer} ({entry.carriedBack ? t('crisis.entries.carriedBack') : t('crisis.entries.notCarriedBack')})
    </Paragraph>
  ) : null;
  if (!manage) return shown;
  const id = `crisis-answer-${entry.id}`;
  return (
    <>
      {shown}
      <form
        noValidate
        className="bg-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (save.isPending) return;
          save.mutate(
            { params: { path: { networkId: network.id, crisisId, entryId: entry.id } }, body: { answer, carriedBack } },
            { onSuccess: () => announce(t('crisis.entries.answered')) },
          );
        }}
      >
        {save.isError && <ProblemAlert error={save.error} focusOnShow />}
        <TextField id={id} label={t('crisis.entries.answerTo', { question: entry.text })} value={answer} onChange={setAnswer} />
        <CheckboxField id={`${id}-back`} name={`${id}-back`} value="yes" label={t('crisis.entries.carriedBack')} checked={carriedBack} onChange={setCarriedBack} />
        <ButtonGroup>
          <Button type="submit" appearance="secondary-action-button" busy={save.isPending}>
            {t('crisis.entries.saveAnswer')}
          </Button>
        </ButtonGroup>
      </form>
    </>
  );
}

function Polls({ network, crisis, announce }: { network: Network; crisis: CrisisDetail; announce: Announce }) {
  const { t } = useTranslation();
  const manage = mayManageCrisis(network);
  return (
    <section aria-labelledby="crisis-polls-heading">
      <Heading level={3} id="crisis-polls-heading">
        {t('crisis.polls.heading')}
      </Heading>
      {crisis.polls.length === 0 && <Paragraph>{t('crisis.polls.none')}</Paragraph>}
      {crisis.polls.map((poll, i) => (
        <PollView key={poll.id} network={network} crisis={crisis} poll={poll} index={i + 1} manage={manage} announce={announce} />
      ))}
      {manage && mayListAllies(network) && <NewPoll network={network} crisis={crisis} announce={announce} />}
    </section>
  );
}

function PollView({
  network,
  crisis,
  poll,
  index,
  manage,
  announce,
}: {
  network: Network;
  crisis: CrisisDetail;
  poll: CrisisDetail['polls'][number];
  index: number;
  manage: boolean;
  announce: Announce;
}) {
  const { t } = useTranslation();
  const captionId = useId();
  return (
    <>
      <Heading level={4}>{t('crisis.polls.pollOf', { index, question: poll.question || t('crisis.polls.noQuestion') })}</Heading>
      <Paragraph>
        {poll.answered === null
          ? t('crisis.polls.answeredBand', { band: poll.answeredBand ?? '0', asked: poll.asked })
          : t('crisis.polls.answered', { answered: poll.answered, asked: poll.asked })}
      </Paragraph>
      {poll.communities.length > 0 && (
        <TableContainer overflowInline role="region" aria-labelledby={captionId} tabIndex={0}>
          <Table className="bg-table">
            <TableCaption id={captionId}>{t('crisis.polls.aggregateCaption', { index })}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('crisis.polls.community')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('crisis.polls.count')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('crisis.polls.meanMood')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {poll.communities.map((c) => (
                <TableRow key={c.community}>
                  <TableHeaderCell scope="row">{c.community || t('crisis.polls.noCommunity')}</TableHeaderCell>
                  <TableCell>{c.countBelowThree ? t('crisis.polls.belowThree') : (c.answered ?? c.answeredBand)}</TableCell>
                  <TableCell>{c.countBelowThree ? '—' : c.meanMood}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      {poll.answers && poll.answers.length > 0 && (
        <UnorderedList>
          {poll.answers.map((a) => (
            <UnorderedListItem key={a.allyId}>
              <strong>{a.allyName || a.community}</strong>:{' '}
              {a.mood ? t('crisis.polls.moodIs', { mood: a.mood }) : t('crisis.polls.noAnswer')}
              {a.hears && ` — ${a.hears}`}
              {a.advice && ` — ${t('crisis.polls.advice')}: ${a.advice}`}
              {a.questions && ` — ${t('crisis.polls.questions')}: ${a.questions}`}
            </UnorderedListItem>
          ))}
        </UnorderedList>
      )}
      {manage && poll.answers && <RecordAnswer network={network} crisis={crisis} poll={poll} announce={announce} />}
    </>
  );
}

function RecordAnswer({
  network,
  crisis,
  poll,
  announce,
}: {
  network: Network;
  crisis: CrisisDetail;
  poll: CrisisDetail['polls'][number];
  announce: Announce;
}) {
  const { t } = useTranslation();
  const refresh = useCrisisRefresh();
  const first = poll.answers?.[0]?.allyId ?? '';
  const [allyId, setAllyId] = useState(first);
  const [mood, setMood] = useState('3');
  const [hears, setHears] = useState('');
  const [advice, setAdvice] = useState('');
  const [questions, setQuestions] = useState('');
  const record = $api.useMutation('post', crisisApi.pollAnswers, { onSettled: refresh });
  const id = `poll-${poll.id}`;
  const errors = fieldErrors(record.error);
  return (
    <form
      noValidate
      className="bg-form"
      aria-label={t('crisis.polls.record')}
      onSubmit={(event) => {
        event.preventDefault();
        if (record.isPending) return;
        record.mutate(
          {
            params: { path: { networkId: network.id, crisisId: crisis.id, pollId: poll.id } },
            body: { allyId, mood: Number(mood), hears, advice, questions },
          },
          {
            onSuccess: () => {
              setHears('');
              setAdvice('');
              setQuestions('');
              announce(t('crisis.polls.recorded'));
            },
          },
        );
      }}
    >
      {record.isError && <ProblemAlert error={record.error} focusOnShow />}
      <SelectField id={`${id}-ally`} label={t('crisis.polls.ally')} value={allyId} onChange={setAllyId} error={errors.allyId}>
        {(poll.answers ?? []).map((a) => (
          <SelectOption key={a.allyId} value={a.allyId}>
            {a.allyName || a.community}
          </SelectOption>
        ))}
      </SelectField>
      <SelectField id={`${id}-mood`} label={t('crisis.polls.mood')} value={mood} onChange={setMood} error={errors.mood}>
        {MOOD_LEVELS.map((m) => (
          <SelectOption key={m} value={m}>
            {t(`crisis.polls.moodLevel.${m}`)}
          </SelectOption>
        ))}
      </SelectField>
      <TextAreaField id={`${id}-hears`} label={t('crisis.polls.hears')} value={hears} onChange={setHears} error={errors.hears} />
      <TextAreaField id={`${id}-advice`} label={t('crisis.polls.advice')} value={advice} onChange={setAdvice} />
      <TextAreaField id={`${id}-questions`} label={t('crisis.polls.questions')} value={questions} onChange={setQuestions} />
      <ButtonGroup>
        <Button type="submit" appearance="secondary-action-button" busy={record.isPending}>
          {t('crisis.polls.record')}
        </Button>
      </ButtonGroup>
    </form>
  );
}

function NewPoll({ network, crisis, announce }: { network: Network; crisis: CrisisDetail; announce: Announce }) {
  const { t } = useTranslation();
  const refresh = useCrisisRefresh();
  const allies = $api.useQuery('get', '/api/v1/networks/{networkId}/allies', { params: { path: { networkId: network.id }, query: { limit: 100 } } });
  const [filter, setFilter] = useState('');
  const [question, setQuestion] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const create = $api.useMutation('post', crisisApi.polls, { onSettled: refresh });
  const active = (allies.data?.items ?? []).filter((a) => a.status === 'active');
  const shown = active.filter((a) => matchesFilter(a, filter));
  return (
    <section aria-labelledby="crisis-new-poll-heading">
      <Heading level={4} id="crisis-new-poll-heading">
        {t('crisis.polls.new')}
      </Heading>
      <form
        noValidate
        className="bg-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (create.isPending) return;
          create.mutate(
            { params: { path: { networkId: network.id, crisisId: crisis.id } }, body: { question, allyIds: chosen } },
            {
              onSuccess: () => {
                setChosen([]);
                setQuestion('');
                announce(t('crisis.polls.created'));
              },
            },
          );
        }}
      >
        {create.isError && <ProblemAlert error={create.error} focusOnShow />}
        <TextField id="poll-question" label={t('crisis.polls.question')} value={question} onChange={setQuestion} />
        <TextField id="poll-filter" type="search" label={t('crisis.polls.filter')} value={filter} onChange={setFilter} />
        {allies.isPending && <Loading />}
        <Fieldset>
          <FieldsetLegend>{t('crisis.polls.allies')}</FieldsetLegend>
          {shown.map((a) => (
            <CheckboxField
              key={a.id}
              id={`poll-ally-${a.id}`}
              name="allies"
              value={a.id}
              label={`${a.name}${a.constituency ? ` (${a.constituency}${a.neighbourhood ? `, ${a.neighbourhood}` : ''})` : ''}`}
              checked={chosen.includes(a.id)}
              onChange={(on) => setChosen((list) => (on ? [...list, a.id] : list.filter((x) => x !== a.id)))}
            />
          ))}
          {shown.length === 0 && <Paragraph>{t('crisis.polls.noAllies')}</Paragraph>}
        </Fieldset>
        <ButtonGroup>
          <Button type="submit" appearance="secondary-action-button" busy={create.isPending}>
            {t('crisis.polls.create', { count: chosen.length })}
          </Button>
        </ButtonGroup>
      </form>
    </section>
  );
}

function Timeline({ network, crisisId }: { network: Network; crisisId: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const timeline = $api.useQuery('get', crisisApi.timeline, { params: { path: { networkId: network.id, crisisId } } });
  return (
    <section aria-labelledby={`crisis-timeline-${crisisId}`}>
      <Heading level={3} id={`crisis-timeline-${crisisId}`}>
        {t('crisis.timeline.heading')}
      </Heading>
      {timeline.isPending && <Loading />}
      {timeline.isError && <QueryError error={timeline.error} onRetry={() => void timeline.refetch()} />}
      {timeline.data && (
        <ol className="bg-crisis-timeline">
          {timeline.data.items.map((item, i) => (
            <li key={`${item.kind}-${item.id}-${i}`}>
              <strong>{formatDateTime(item.at, language)}</strong> — {t(`crisis.timeline.kind.${item.kind}`)}
              {item.phase && `: ${t(`crisis.phase.${item.phase as CrisisPhase}`, { defaultValue: item.phase })}`}
              {item.theme && ` (${item.theme}, ${t('crisis.timeline.level', { level: item.level })})`}
              {item.community && ` — ${item.community}`}
              {item.allyName && ` — ${item.allyName}`}
              {item.mood ? ` — ${t('crisis.polls.moodIs', { mood: item.mood })}` : ''}
              {item.text && `: ${item.text}`}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function CloseCrisis({ network, crisis, announce }: { network: Network; crisis: CrisisDetail; announce: Announce }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <section aria-labelledby="crisis-close-heading">
      <Heading level={3} id="crisis-close-heading">
        {t('crisis.close.heading')}
      </Heading>
      <Paragraph>{t('crisis.close.intro')}</Paragraph>
      <ButtonGroup>
        <Button appearance="primary-action-button" onClick={() => setOpen(true)}>
          {t('crisis.close.open')}
        </Button>
      </ButtonGroup>
      {open && <CloseDialog network={network} crisis={crisis} onDone={() => setOpen(false)} announce={announce} />}
    </section>
  );
}

function CloseDialog({ network, crisis, onDone, announce }: { network: Network; crisis: CrisisDetail; onDone: () => void; announce: Announce }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const headingId = useId();
  const refresh = useCrisisRefresh();
  const networkId = network.id;
  const meetings = $api.useQuery('get', '/api/v1/networks/{networkId}/meetings', {
    params: { path: { networkId }, query: { status: 'planned', from: today() } },
  });
  const ahead = (meetings.data?.items ?? []).filter((m) => new Date(m.startsAt).getTime() > Date.now());
  const [meetingId, setMeetingId] = useState('');
  const [wentWell, setWentWell] = useState('');
  const [toLearn, setToLearn] = useState('');
  const [lesson, setLesson] = useState(true);
  const [attempt, setAttempt] = useState(0);
  const close = $api.useMutation('post', crisisApi.close, { onSettled: refresh });
  const errors = fieldErrors(close.error);
  const chosen = meetingId || ahead[0]?.id || '';
  return (
    <ModalDialog labelledBy={headingId} onCancel={onDone}>
      <Heading level={2} id={headingId}>
        {t('crisis.close.dialogTitle', { title: crisis.title })}
      </Heading>
      <form
        noValidate
        className="bg-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (close.isPending) return;
          close.mutate(
            { params: { path: { networkId, crisisId: crisis.id } }, body: { aftercareMeetingId: chosen, wentWell, toLearn, lesson } },
            {
              onSuccess: () => {
                announce(t('crisis.close.done', { title: crisis.title }));
                onDone();
              },
              onError: () => setAttempt((n) => n + 1),
            },
          );
        }}
      >
        {close.isError && <ProblemAlert key={attempt} error={close.error} focusOnShow />}
        {meetings.isPending && <Loading />}
        {ahead.length > 0 ? (
          <SelectField id="crisis-aftercare" label={t('crisis.close.meeting')} required value={chosen} onChange={setMeetingId} error={errors.aftercareMeetingId}>
            {ahead.map((m) => (
              <SelectOption key={m.id} value={m.id}>
                {`${formatDateTime(m.startsAt, language)}${m.place ? `, ${m.place}` : ''}`}
              </SelectOption>
            ))}
          </SelectField>
        ) : (
          meetings.isSuccess && <Paragraph>{t('crisis.close.noMeeting')}</Paragraph>
        )}
        <Paragraph>
          <RouterLink to="/netwerken/$networkId/bijeenkomsten/nieuw" params={{ networkId }}>
            {t('crisis.close.planMeeting')}
          </RouterLink>
        </Paragraph>
        <TextAreaField id="crisis-went-well" label={t('crisis.close.wentWell')} required value={wentWell} onChange={setWentWell} error={errors.wentWell} />
        <TextAreaField id="crisis-to-learn" label={t('crisis.close.toLearn')} required value={toLearn} onChange={setToLearn} error={errors.toLearn} />
        <CheckboxField id="crisis-lesson" name="lesson" value="yes" label={t('crisis.close.lesson')} checked={lesson} onChange={setLesson} />
        <ButtonGroup>
          <Button type="submit" appearance="primary-action-button" busy={close.isPending}>
            {t('crisis.close.submit')}
          </Button>
          <Button type="button" appearance="secondary-action-button" onClick={onDone}>
            {t('crisis.close.cancel')}
          </Button>
        </ButtonGroup>
      </form>
    </ModalDialog>
  );
}

function PastCrises({ network, past }: { network: Network; past: CrisisSummary[] }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const readable = mayReadCrisis(network);
  return (
    <section aria-labelledby="crisis-past-heading">
      <Heading level={2} id="crisis-past-heading">
        {t('crisis.past.heading')}
      </Heading>
      {past.map((c) => (
        <article key={c.id} aria-labelledby={`crisis-past-${c.id}`}>
          <Heading level={3} id={`crisis-past-${c.id}`}>
            {c.title}
          </Heading>
          <Paragraph>
            {t('crisis.past.period', {
              from: formatDateTime(c.startedAt, language),
              to: c.endedAt ? formatDateTime(c.endedAt, language) : '—',
            })}
          </Paragraph>
          {c.aftercareMeetingId && (
            <Paragraph>
              <RouterLink to="/netwerken/$networkId/bijeenkomsten/$meetingId" params={{ networkId: network.id, meetingId: c.aftercareMeetingId }}>
                {t('crisis.past.aftercare')}
              </RouterLink>
            </Paragraph>
          )}
          {readable && <PastEvaluation network={network} crisisId={c.id} />}
        </article>
      ))}
    </section>
  );
}

function PastEvaluation({ network, crisisId }: { network: Network; crisisId: string }) {
  const { t } = useTranslation();
  const detail = $api.useQuery('get', crisisApi.one, { params: { path: { networkId: network.id, crisisId } } });
  if (!detail.data) return null;
  const d = detail.data;
  return (
    <>
      <Paragraph>
        <strong>{t('crisis.close.wentWell')}</strong> {d.wentWell}
      </Paragraph>
      <Paragraph>
        <strong>{t('crisis.close.toLearn')}</strong> {d.toLearn}
      </Paragraph>
      {d.lesson && <Paragraph>{t('crisis.past.lesson')}</Paragraph>}
    </>
  );
}

