import { Alert, Button, Heading, Link, Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { useEffect, useRef, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isProblem } from '../api/client';

export interface FieldProblem {
  /** id of the form control, to link to it (no link without one) */
  id?: string;
  label: string;
  message: string;
}

export interface ProblemAlertProps {
  error: unknown;
  /** Heading when the error is not a problem+json body (a network failure, say). */
  fallbackTitle?: string;
  /** Field errors, listed with links to their fields (error summary). */
  fields?: FieldProblem[];
  onRetry?: () => void;
  /** Move keyboard focus to the alert when it appears (after a failed submit). */
  focusOnShow?: boolean;
}

function focusField(event: MouseEvent<HTMLAnchorElement>, id: string) {
  const field = document.getElementById(id);
  if (field) {
    event.preventDefault();
    field.focus();
  }
}

/** An error from the API: its (localized) title in an error Alert, and what to fix. */
export function ProblemAlert({ error, fallbackTitle, fields = [], onRetry, focusOnShow }: ProblemAlertProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (focusOnShow) ref.current?.focus();
  }, [error, focusOnShow]);

  const problem = isProblem(error) ? error : undefined;
  const title = problem?.title ?? fallbackTitle ?? t('common.errorTitle');
  return (
    <Alert type="error" ref={ref} tabIndex={-1} className="bg-problem">
      <Heading level={2}>{title}</Heading>
      {problem?.detail && <Paragraph>{problem.detail}</Paragraph>}
      {!problem && fallbackTitle && <Paragraph>{t('common.errorUnknown')}</Paragraph>}
      {fields.length > 0 && (
        <UnorderedList>
          {fields.map(({ id, label, message }) => (
            <UnorderedListItem key={`${id ?? ''}:${label}`}>
              {id ? (
                <Link href={`#${id}`} onClick={(event) => focusField(event, id)}>
                  {label}: {message}
                </Link>
              ) : (
                `${label}: ${message}`
              )}
            </UnorderedListItem>
          ))}
        </UnorderedList>
      )}
      {problem?.requestId && (
        <Paragraph appearance="small">{t('common.requestId', { id: problem.requestId })}</Paragraph>
      )}
      {onRetry && (
        <Button appearance="secondary-action-button" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      )}
    </Alert>
  );
}
