import { Heading, Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { RouterLink } from '../components/links';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { HomeIntroduction } from './introduction/HomeIntroduction';

const APPROACH_POINTS = ['network', 'meetings', 'pillars', 'bureaus'] as const;

export function HomePage() {
  const { t } = useTranslation();
  useDocumentTitle('');
  return (
    <>
      <Heading level={1}>{t('home.title')}</Heading>
      <Paragraph appearance="lead">{t('home.lead')}</Paragraph>
      <HomeIntroduction />

      <Heading level={2}>{t('home.approachHeading')}</Heading>
      <UnorderedList>
        {APPROACH_POINTS.map((point) => (
          <UnorderedListItem key={point}>{t(`home.approach.${point}`)}</UnorderedListItem>
        ))}
      </UnorderedList>

      <Heading level={2}>{t('home.startHeading')}</Heading>
      <Paragraph>{t('home.startText')}</Paragraph>
      <Paragraph>
        <RouterLink to="/organisaties">{t('home.startLink')}</RouterLink>
      </Paragraph>
    </>
  );
}
