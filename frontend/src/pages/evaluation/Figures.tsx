import {
  Heading,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableContainer,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../format';
import { currentLanguage } from '../../i18n';
import { PARTIES, type EvaluationFigures } from './evaluation';

/** What the product measured over the period: figures only, never an ally's name. */
export function Figures({ figures }: { figures: EvaluationFigures }) {
  const { t } = useTranslation();
  const captionId = useId();
  const language = currentLanguage();
  const m = figures.meetings;
  const rows: [string, string][] = [
    [t('evaluation.figures.held'), t('evaluation.figures.heldValue', { held: m.held, expected: figures.expectedMeetings, minimum: figures.minimumMeetings })],
    [t('evaluation.figures.emergency'), String(m.emergency)],
    [t('evaluation.figures.cancelled'), String(m.cancelled)],
    [t('evaluation.figures.meal'), `${m.withMeal} / ${m.held}`],
    [t('evaluation.figures.chair'), `${m.withChair} / ${m.held}`],
    [t('evaluation.figures.chairs'), String(m.distinctChairs)],
    [t('evaluation.figures.repeated'), String(m.repeatedChair)],
    [t('evaluation.figures.neverChaired'), String(figures.activeNeverChaired)],
    [t('evaluation.figures.allies'), t('evaluation.figures.alliesValue', figures.allies)],
    [t('evaluation.figures.whiteSpots'), figures.whiteSpots.length > 0 ? figures.whiteSpots.join(', ') : t('evaluation.figures.none')],
    [t('evaluation.figures.signals'), t('evaluation.figures.signalsValue', figures.signals)],
  ];
  return (
    <section aria-labelledby="evaluation-figures-heading">
      <Heading level={2} id="evaluation-figures-heading">
        {t('evaluation.figures.heading')}
      </Heading>
      <Paragraph>
        {t('evaluation.period', { from: formatDate(figures.periodFrom, language), to: formatDate(figures.periodTo, language) })}
      </Paragraph>
      <TableContainer overflowInline role="region" aria-labelledby={`${captionId}-all`} tabIndex={0}>
        <Table className="bg-table">
          <TableCaption id={`${captionId}-all`}>{t('evaluation.figures.caption')}</TableCaption>
          <TableBody>
            {rows.map(([label, value]) => (
              <TableRow key={label}>
                <TableHeaderCell scope="row">{label}</TableHeaderCell>
                <TableCell>{value}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <TableContainer overflowInline role="region" aria-labelledby={`${captionId}-party`} tabIndex={0}>
        <Table className="bg-table">
          <TableCaption id={`${captionId}-party`}>{t('evaluation.figures.perParty')}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('evaluation.figures.party')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('evaluation.figures.attendance')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('evaluation.figures.agenda')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('evaluation.figures.actions')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {PARTIES.map((p) => {
              const a = m.attendance[p];
              const x = m.actions[p];
              return (
                <TableRow key={p}>
                  <TableHeaderCell scope="row">{t(`evaluation.party.${p}`)}</TableHeaderCell>
                  <TableCell>{t('evaluation.figures.attendanceValue', a)}</TableCell>
                  <TableCell>{m.agenda[p]}</TableCell>
                  <TableCell>{t('evaluation.figures.actionsValue', { done: x.done, open: x.open + x.inProgress, overdue: x.overdue })}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </TableContainer>
    </section>
  );
}
