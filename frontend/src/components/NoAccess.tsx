import { Heading, Paragraph } from '@utrecht/component-library-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { RouterLink } from './links';
import { useDocumentTitle } from './useDocumentTitle';

/** Signed in, but this page is not for this person (their role lacks the permission). */
export function NoAccess({ children }: { children?: ReactNode } = {}) {
  const { t } = useTranslation();
  useDocumentTitle(t('noAccess.title'));
  return (
    <>
      <Heading level={1}>{t('noAccess.title')}</Heading>
      <Paragraph>{t('noAccess.text')}</Paragraph>
      {children}
      <Paragraph>
        <RouterLink to="/">{t('noAccess.homeLink')}</RouterLink>
      </Paragraph>
    </>
  );
}
