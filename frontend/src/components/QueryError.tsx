import { Paragraph } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { isForbidden, isUnauthorized } from '../api/client';
import { NoAccess } from './NoAccess';
import { ProblemAlert } from './ProblemAlert';

/**
 * What a page shows when loading its data failed: nothing for 401 (the person is marked
 * signed out and SignedInLayout sends them to the login page), "no access" for 403, and
 * otherwise the problem with a retry button.
 */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (isUnauthorized(error)) return <Paragraph role="status">{t('common.signedOut')}</Paragraph>;
  if (isForbidden(error)) return <NoAccess />;
  return <ProblemAlert error={error} fallbackTitle={t('common.loadFailed')} {...(onRetry ? { onRetry } : {})} />;
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <Paragraph role="status" className="bg-status">
      {t('common.loading')}
    </Paragraph>
  );
}
