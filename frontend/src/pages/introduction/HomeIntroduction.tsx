import { Heading, Paragraph } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/me';
import { RouterLink } from '../../components/links';
import { mayHaveOwnIntroduction, useMyIntroductions } from './introduction';
import './introduction.css';

/** On the start page: the signed-in person's open introductions, with the way to them. */
export function HomeIntroduction() {
  const { t } = useTranslation();
  const me = useMe().data;
  const mine = useMyIntroductions(mayHaveOwnIntroduction(me));
  const open = (mine.data?.items ?? []).filter((p) => p.status === 'open');
  if (open.length === 0) return null;
  return (
    <section aria-labelledby="home-introduction-heading" className="bg-intro-home">
      <Heading level={2} id="home-introduction-heading">
        {t('introduction.homeHeading')}
      </Heading>
      <Paragraph>{t('introduction.homeText', { count: open.length })}</Paragraph>
      <Paragraph>
        <RouterLink to="/introductie">{t('introduction.homeLink')}</RouterLink>
      </Paragraph>
    </section>
  );
}
