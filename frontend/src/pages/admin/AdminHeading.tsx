import { Heading, HeadingGroup, PreHeading } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { useSignedInMe } from '../../api/me';
import { useDocumentTitle } from '../../components/useDocumentTitle';

/** "Beheer · Gemeente Houten" above the page's own heading, and the document title. */
export function AdminHeading({ title }: { title: string }) {
  const { t } = useTranslation();
  const me = useSignedInMe();
  useDocumentTitle(`${title} – ${t('nav.admin')}`);
  return (
    <HeadingGroup>
      <PreHeading>
        {t('nav.admin')} · {me.tenant.name}
      </PreHeading>
      <Heading level={1}>{title}</Heading>
    </HeadingGroup>
  );
}
