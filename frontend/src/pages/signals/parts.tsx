import { Paragraph } from '@utrecht/component-library-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Network } from '../../api/client';
import { RouterLink } from '../../components/links';
import { NoAccess } from '../../components/NoAccess';
import type { FieldProblem } from '../../components/ProblemAlert';
import { splitFieldErrors } from '../meetings/meetings';
import type { Level, Signal, Trend } from './signals';
import { trendArrow } from './signals';
import './signals.css';

/** "Geen toegang", with the way back to the network. */
export function NoSignalsAccess({ network }: { network: Network }) {
  const { t } = useTranslation();
  return (
    <NoAccess>
      <Paragraph>
        <RouterLink to="/netwerken/$networkId" params={{ networkId: network.id }}>
          {t('networks.backToNetwork', { name: network.name })}
        </RouterLink>
      </Paragraph>
    </NoAccess>
  );
}

export function BackToNetwork({ network }: { network: Network }) {
  const { t } = useTranslation();
  return (
    <Paragraph className="bg-no-print">
      <RouterLink to="/netwerken/$networkId" params={{ networkId: network.id }}>
        {t('networks.backToNetwork', { name: network.name })}
      </RouterLink>
    </Paragraph>
  );
}

/** The level in words: "3 – Verhoogde spanning". */
export function useLevelText() {
  const { t } = useTranslation();
  return (level: number | null | undefined): string => {
    if (!level || level < 1 || level > 5) return t('tension.noLevel');
    return t('signals.levelOption', { level, label: t(`signals.level.${String(level) as `${Level}`}`) });
  };
}

/** The level's label alone: "Verhoogde spanning". */
export function useLevelLabel() {
  const { t } = useTranslation();
  return (level: number): string =>
    level >= 1 && level <= 5 ? t(`signals.level.${String(level) as `${Level}`}`) : String(level);
}

/** The trend in words with an arrow (the arrow is decorative). */
export function TrendText({ trend }: { trend: Trend | null | undefined }) {
  const { t } = useTranslation();
  if (!trend) return <>–</>;
  return (
    <>
      <span aria-hidden="true">{trendArrow(trend)} </span>
      {t(`tension.trend.${trend}`)}
    </>
  );
}

/** Urgent, feedback overdue and shared, written out (not colour only). */
export function SignalFlags({ signal }: { signal: Signal }) {
  const { t } = useTranslation();
  if (!signal.urgent && !signal.feedback.overdue && !signal.shared) return null;
  return (
    <span className="bg-flags">
      {signal.urgent && <strong className="bg-flag bg-flag--urgent">{t('signals.urgent')}</strong>}
      {signal.feedback.overdue && <strong className="bg-flag bg-flag--overdue">{t('signals.feedbackOverdue')}</strong>}
      {signal.shared && <span className="bg-flag">{t('signals.sharedBadge')}</span>}
    </span>
  );
}

/** A status line that takes focus when something changes (the button that was pressed may be gone). */
export function useAnnouncer() {
  const ref = useRef<HTMLParagraphElement>(null);
  const [announcement, setAnnouncement] = useState({ message: '', count: 0 });
  useEffect(() => {
    if (announcement.count > 0) ref.current?.focus();
  }, [announcement.count]);
  const announce = (message: string) => setAnnouncement(({ count }) => ({ message, count: count + 1 }));
  const status = (
    <Paragraph role="status" className="bg-status bg-no-print" ref={ref} tabIndex={-1}>
      {announcement.message}
    </Paragraph>
  );
  return { announce, status };
}

/** Field errors of a failed request: those of the given fields (with their control ids) and the rest. */
export function fieldProblems<F extends string>(
  error: unknown,
  ids: Record<F, string>,
  label: (field: F) => string,
  local: Partial<Record<F, string>> = {},
): { errors: Partial<Record<F, string>>; summary: FieldProblem[] } {
  const fields = Object.keys(ids) as F[];
  const { own, others } = splitFieldErrors(error, (name) => (fields as string[]).includes(name) ? (name as F) : undefined);
  const errors: Partial<Record<F, string>> = {};
  for (const field of fields) {
    const message = local[field] ?? own[field];
    if (message) errors[field] = message;
  }
  const summary: FieldProblem[] = [
    ...fields.flatMap((field) => {
      const message = errors[field];
      return message ? [{ id: ids[field], label: label(field), message }] : [];
    }),
    ...others,
  ];
  return { errors, summary };
}

export function Muted({ children }: { children: ReactNode }) {
  return <Paragraph className="bg-muted">{children}</Paragraph>;
}
