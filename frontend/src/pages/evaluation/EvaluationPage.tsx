import { useParams } from '@tanstack/react-router';
import {
  Button,
  ButtonGroup,
  Heading,
  Link,
  Paragraph,
  SelectOption,
  UnorderedList,
  UnorderedListItem,
} from '@utrecht/component-library-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { problemFieldErrors, problemStatus, type Network } from '../../api/client';
import { NoAccess } from '../../components/NoAccess';
import { ProblemAlert, type FieldProblem } from '../../components/ProblemAlert';
import { Loading, QueryError } from '../../components/QueryError';
import { RadioGroupField, SelectField, TextAreaField, TextField } from '../../components/fields';
import { RouterLink } from '../../components/links';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { formatDate } from '../../format';
import { currentLanguage } from '../../i18n';
import { WithNetwork } from '../allies/NetworkLoader';
import { NotFoundPage } from '../NotFoundPage';
import { useAnnouncer } from '../signals/parts';
import {
  DECISIONS,
  PARTIES,
  decisionField,
  evaluationPaths,
  evaluationPdfHref,
  mayReadEvaluations,
  mayWriteEvaluations,
  useEvaluation,
  useEvaluationMutation,
  type Decision,
  type Evaluation,
  type EvaluationInput,
  type Party,
} from './evaluation';
import { statusText } from './EvaluationsPage';
import { Figures } from './Figures';
import './evaluation.css';

/** One evaluation: /netwerken/$networkId/evaluaties/$evaluationId — the form while open (coordinators), else the report. */
export function EvaluationPage() {
  const { networkId, evaluationId } = useParams({ from: '/signedIn/netwerken/$networkId/evaluaties/$evaluationId' });
  return <WithNetwork networkId={networkId}>{(network) => <EvaluationLoader network={network} id={evaluationId} />}</WithNetwork>;
}

function EvaluationLoader({ network, id }: { network: Network; id: string }) {
  const evaluation = useEvaluation(network, id);
  const status = problemStatus(evaluation.error);
  if (!mayReadEvaluations(network) || status === 403) return <NoAccess />;
  if (status === 404 || status === 400) return <NotFoundPage />;
  if (evaluation.isPending) return <Loading />;
  if (evaluation.isError) return <QueryError error={evaluation.error} onRetry={() => void evaluation.refetch()} />;
  const e = evaluation.data;
  if (e.status === 'open' && mayWriteEvaluations(network) && e.access === 'full') {
    return <EvaluationForm key={e.id} network={network} evaluation={e} />;
  }
  return <EvaluationReport network={network} evaluation={e} />;
}

type YesNo = 'yes' | 'no';
const YES_NO: YesNo[] = ['yes', 'no'];
const toYesNo = (b: boolean | null | undefined): YesNo | '' => (b === true ? 'yes' : b === false ? 'no' : '');
const fromYesNo = (v: YesNo | ''): boolean | null => (v === 'yes' ? true : v === 'no' ? false : null);

interface PointDraft {
  title: string;
  ownerParty: Party;
  dueOn: string;
}

function Header({ network, evaluation }: { network: Network; evaluation: Evaluation }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <>
      <Paragraph className="bg-no-print">
        <RouterLink to="/netwerken/$networkId/evaluaties" params={{ networkId: network.id }}>
          {t('evaluation.backToList')}
        </RouterLink>
      </Paragraph>
      <Heading level={1} id="evaluation-title">
        {t('evaluation.heading', { network: network.name })}
      </Heading>
      <Paragraph className={evaluation.overdue ? 'bg-evaluation-overdue' : undefined}>{statusText(t, evaluation, language)}</Paragraph>
    </>
  );
}

function EvaluationForm({ network, evaluation }: { network: Network; evaluation: Evaluation }) {
  const { t } = useTranslation();
  useDocumentTitle(t('evaluation.heading', { network: network.name }));
  const { announce, status } = useAnnouncer();
  const answers = evaluation.answers;
  const [rightPeople, setRightPeople] = useState<YesNo | ''>(toYesNo(answers?.rightPeople));
  const [rightPeopleNote, setRightPeopleNote] = useState(answers?.rightPeopleNote ?? '');
  const [goalsClear, setGoalsClear] = useState<YesNo | ''>(toYesNo(answers?.goalsClear));
  const [goalsNote, setGoalsNote] = useState(answers?.goalsNote ?? '');
  const [goals, setGoals] = useState(answers?.goals ?? '');
  const [expectations, setExpectations] = useState(answers?.expectations ?? '');
  const [conclusion, setConclusion] = useState(answers?.conclusion ?? '');
  const allies = evaluation.decisions ?? [];
  const [decisions, setDecisions] = useState<Record<string, { decision: Decision | ''; note: string }>>(() =>
    Object.fromEntries(allies.map((a) => [a.allyId, { decision: a.decision ?? '', note: a.note }])),
  );
  const [points, setPoints] = useState<PointDraft[]>(() =>
    (evaluation.points ?? []).map((p) => ({ title: p.title, ownerParty: p.ownerParty, dueOn: p.dueOn ?? '' })),
  );
  const [missing, setMissing] = useState<FieldProblem[]>([]);
  const path = () => evaluationPaths.one(network.id, evaluation.id);
  const save = useEvaluationMutation<EvaluationInput>('PUT', path);
  const complete = useEvaluationMutation<EvaluationInput>('POST', () => `${path()}/complete`);

  const body = (): EvaluationInput => ({
    rightPeople: fromYesNo(rightPeople),
    rightPeopleNote,
    goalsClear: fromYesNo(goalsClear),
    goalsNote,
    goals,
    expectations,
    conclusion,
    decisions: Object.entries(decisions)
      .filter(([, d]) => d.decision !== '')
      .map(([allyId, d]) => ({ allyId, decision: d.decision as Decision, note: d.note })),
    points: points
      .filter((p) => p.title.trim() !== '')
      .map((p) => ({ title: p.title, ownerParty: p.ownerParty, dueOn: p.dueOn === '' ? null : p.dueOn })),
  });

  const serverErrors = problemFieldErrors(complete.error ?? save.error);
  const allyName = Object.fromEntries(allies.map((a) => [a.allyId, a.name]));
  const errorFor = (field: string) => serverErrors[field];
  const summary: FieldProblem[] = [
    ...missing,
    ...Object.entries(serverErrors).map(([field, message]) => {
      const allyId = field.startsWith('decisions.') ? field.split('.')[1] : undefined;
      if (allyId && allyName[allyId]) return { id: `decision-${allyId}-keep`, label: allyName[allyId], message };
      if (field === 'rightPeople') return { id: 'evaluation-right-people-yes', label: t('evaluation.form.rightPeople'), message };
      if (field === 'goalsClear') return { id: 'evaluation-goals-clear-yes', label: t('evaluation.form.goalsClear'), message };
      return { label: field, message };
    }),
  ];

  const onSave = (event: FormEvent) => {
    event.preventDefault();
    setMissing([]);
    complete.reset();
    save.mutate(body(), { onSuccess: () => announce(t('evaluation.form.saved')) });
  };
  const onComplete = () => {
    save.reset();
    const lacking: FieldProblem[] = allies
      .filter((a) => (decisions[a.allyId]?.decision ?? '') === '')
      .map((a) => ({ id: `decision-${a.allyId}-keep`, label: a.name, message: t('evaluation.form.decisionMissing') }));
    if (rightPeople === '') lacking.push({ id: 'evaluation-right-people-yes', label: t('evaluation.form.rightPeople'), message: t('evaluation.form.answerMissing') });
    if (goalsClear === '') lacking.push({ id: 'evaluation-goals-clear-yes', label: t('evaluation.form.goalsClear'), message: t('evaluation.form.answerMissing') });
    setMissing(lacking);
    if (lacking.length > 0) return;
    complete.mutate(body(), { onSuccess: () => announce(t('evaluation.form.completed')) });
  };

  return (
    <>
      <Header network={network} evaluation={evaluation} />
      <Paragraph>{t('evaluation.form.intro')}</Paragraph>
      {evaluation.figures && <Figures figures={evaluation.figures} />}
      {status}
      <form onSubmit={onSave} noValidate aria-labelledby="evaluation-title">
        {(missing.length > 0 || complete.isError || save.isError) && (
          <ProblemAlert
            error={missing.length > 0 ? { title: t('evaluation.form.notComplete') } : (complete.error ?? save.error)}
            fallbackTitle={t('evaluation.form.notComplete')}
            fields={summary}
            focusOnShow
          />
        )}
        <Heading level={2}>{t('evaluation.form.alliesHeading')}</Heading>
        <Paragraph>{t('evaluation.form.alliesIntro')}</Paragraph>
        {allies.length === 0 && <Paragraph>{t('evaluation.form.noAllies')}</Paragraph>}
        {allies.map((a) => {
          const d = decisions[a.allyId] ?? { decision: '', note: '' };
          const set = (next: Partial<{ decision: Decision | ''; note: string }>) =>
            setDecisions((all) => ({ ...all, [a.allyId]: { ...d, ...next } }));
          return (
            <div key={a.allyId} className="bg-evaluation-ally">
              <RadioGroupField<Decision>
                id={`decision-${a.allyId}`}
                name={`decision-${a.allyId}`}
                legend={a.constituency ? `${a.name} (${a.constituency})` : a.name}
                options={DECISIONS}
                value={d.decision === '' ? undefined : d.decision}
                onChange={(v) => set({ decision: v })}
                optionLabel={(v) => t(`evaluation.decision.${v}`)}
                error={missing.some((m) => m.id === `decision-${a.allyId}-keep`) ? t('evaluation.form.decisionMissing') : errorFor(decisionField(a.allyId))}
                inline
              />
              <TextField
                id={`decision-${a.allyId}-note`}
                label={t('evaluation.form.note', { name: a.name })}
                description={d.decision === 'replace' ? t('evaluation.form.replaceNote') : undefined}
                value={d.note}
                onChange={(v) => set({ note: v })}
                error={errorFor(`${decisionField(a.allyId)}.note`)}
              />
            </div>
          );
        })}
        <Heading level={2}>{t('evaluation.form.questionsHeading')}</Heading>
        <RadioGroupField<YesNo>
          id="evaluation-right-people"
          name="rightPeople"
          legend={t('evaluation.form.rightPeople')}
          options={YES_NO}
          value={rightPeople === '' ? undefined : rightPeople}
          onChange={setRightPeople}
          optionLabel={(v) => t(`evaluation.${v}`)}
          error={errorFor('rightPeople')}
          inline
        />
        <TextAreaField id="evaluation-right-people-note" label={t('evaluation.form.rightPeopleNote')} value={rightPeopleNote} onChange={setRightPeopleNote} />
        <RadioGroupField<YesNo>
          id="evaluation-goals-clear"
          name="goalsClear"
          legend={t('evaluation.form.goalsClear')}
          options={YES_NO}
          value={goalsClear === '' ? undefined : goalsClear}
          onChange={setGoalsClear}
          optionLabel={(v) => t(`evaluation.${v}`)}
          error={errorFor('goalsClear')}
          inline
        />
        <TextAreaField id="evaluation-goals-note" label={t('evaluation.form.goalsNote')} value={goalsNote} onChange={setGoalsNote} />
        <TextAreaField id="evaluation-goals" label={t('evaluation.form.goals')} description={t('evaluation.form.goalsHint')} value={goals} onChange={setGoals} />
        <TextAreaField id="evaluation-expectations" label={t('evaluation.form.expectations')} value={expectations} onChange={setExpectations} />
        <Heading level={2}>{t('evaluation.form.pointsHeading')}</Heading>
        <Paragraph>{t('evaluation.form.pointsIntro')}</Paragraph>
        {points.map((p, i) => {
          const set = (next: Partial<PointDraft>) => setPoints((all) => all.map((q, j) => (j === i ? { ...q, ...next } : q)));
          return (
            <div key={i} className="bg-evaluation-ally">
              <TextField id={`point-${i}-title`} label={t('evaluation.form.pointTitle', { n: i + 1 })} value={p.title} onChange={(v) => set({ title: v })} />
              <SelectField id={`point-${i}-party`} label={t('evaluation.form.pointParty', { n: i + 1 })} value={p.ownerParty} onChange={(v) => set({ ownerParty: v as Party })}>
                {PARTIES.map((party) => (
                  <SelectOption key={party} value={party}>
                    {t(`evaluation.party.${party}`)}
                  </SelectOption>
                ))}
              </SelectField>
              <TextField id={`point-${i}-due`} type="date" label={t('evaluation.form.pointDue', { n: i + 1 })} value={p.dueOn} onChange={(v) => set({ dueOn: v })} />
              <Button appearance="subtle-button" onClick={() => setPoints((all) => all.filter((_, j) => j !== i))}>
                {t('evaluation.form.removePoint', { n: i + 1 })}
              </Button>
            </div>
          );
        })}
        <Button appearance="secondary-action-button" onClick={() => setPoints((all) => [...all, { title: '', ownerParty: 'municipality', dueOn: '' }])}>
          {t('evaluation.form.addPoint')}
        </Button>
        <TextAreaField id="evaluation-conclusion" label={t('evaluation.form.conclusion')} value={conclusion} onChange={setConclusion} />
        <Paragraph>{t('evaluation.form.completeHint')}</Paragraph>
        <ButtonGroup>
          <Button type="submit" appearance="secondary-action-button" disabled={save.isPending}>
            {t('evaluation.form.save')}
          </Button>
          <Button appearance="primary-action-button" disabled={complete.isPending} onClick={onComplete}>
            {t('evaluation.form.complete')}
          </Button>
        </ButtonGroup>
      </form>
    </>
  );
}

function EvaluationReport({ network, evaluation }: { network: Network; evaluation: Evaluation }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  useDocumentTitle(t('evaluation.heading', { network: network.name }));
  const a = evaluation.answers;
  const yesNo = (b: boolean | null | undefined) => (b === true ? t('evaluation.yes') : b === false ? t('evaluation.no') : t('evaluation.unanswered'));
  return (
    <>
      <Header network={network} evaluation={evaluation} />
      <article aria-labelledby="evaluation-title" className="bg-evaluation-report">
        {evaluation.access === 'summary' && <Paragraph>{t('evaluation.report.summaryOnly')}</Paragraph>}
        {evaluation.figures && <Figures figures={evaluation.figures} />}
        {a && (
          <section aria-labelledby="evaluation-answers-heading">
            <Heading level={2} id="evaluation-answers-heading">
              {t('evaluation.report.answers')}
            </Heading>
            <Paragraph>
              {t('evaluation.form.rightPeople')} <strong>{yesNo(a.rightPeople)}</strong>
            </Paragraph>
            {a.rightPeopleNote && <Paragraph>{a.rightPeopleNote}</Paragraph>}
            <Paragraph>
              {t('evaluation.form.goalsClear')} <strong>{yesNo(a.goalsClear)}</strong>
            </Paragraph>
            {a.goalsNote && <Paragraph>{a.goalsNote}</Paragraph>}
            {a.goals && (
              <Paragraph>
                {t('evaluation.form.goals')}: {a.goals}
              </Paragraph>
            )}
            {a.expectations && (
              <Paragraph>
                {t('evaluation.form.expectations')}: {a.expectations}
              </Paragraph>
            )}
            {a.conclusion && (
              <Paragraph>
                {t('evaluation.form.conclusion')}: {a.conclusion}
              </Paragraph>
            )}
          </section>
        )}
        {evaluation.decisions ? (
          <section aria-labelledby="evaluation-decisions-heading">
            <Heading level={2} id="evaluation-decisions-heading">
              {t('evaluation.form.alliesHeading')}
            </Heading>
            <UnorderedList>
              {evaluation.decisions.map((d) => (
                <UnorderedListItem key={d.allyId}>
                  {d.name}: {d.decision ? t(`evaluation.decision.${d.decision}`) : t('evaluation.undecided')}
                  {d.note ? ` — ${d.note}` : ''}
                </UnorderedListItem>
              ))}
            </UnorderedList>
          </section>
        ) : (
          evaluation.decisionCounts && (
            <section aria-labelledby="evaluation-decisions-heading">
              <Heading level={2} id="evaluation-decisions-heading">
                {t('evaluation.form.alliesHeading')}
              </Heading>
              <Paragraph>{t('evaluation.report.counts', evaluation.decisionCounts)}</Paragraph>
            </section>
          )
        )}
        {evaluation.points && evaluation.points.length > 0 && (
          <section aria-labelledby="evaluation-points-heading">
            <Heading level={2} id="evaluation-points-heading">
              {t('evaluation.form.pointsHeading')}
            </Heading>
            <UnorderedList>
              {evaluation.points.map((p, i) => (
                <UnorderedListItem key={i}>
                  {p.title} — {t(`evaluation.party.${p.ownerParty}`)}
                  {p.dueOn ? `, ${formatDate(p.dueOn, language)}` : ''}
                </UnorderedListItem>
              ))}
            </UnorderedList>
          </section>
        )}
      </article>
      <div className="bg-no-print">
        <ButtonGroup>
          <Button appearance="secondary-action-button" onClick={() => window.print()}>
            {t('evaluation.report.print')}
          </Button>
          <Link href={evaluationPdfHref(network.id, evaluation.id)} download className="utrecht-button utrecht-button--secondary-action">
            {t('evaluation.report.pdf')}
          </Link>
        </ButtonGroup>
      </div>
    </>
  );
}
