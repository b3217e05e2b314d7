import { Heading, Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import type { Network } from '../../api/client';
import { RouterLink } from '../../components/links';
import { mayOpenSignals, mayReadTension, type SignalsOverview } from './signals';

/** "Wat speelt er": links to signals, tension picture and mood pictures, as far as the network allows. */
export function SignalsNav({ network }: { network: Network }) {
  const { t } = useTranslation();
  const networkId = network.id;
  const signals = mayOpenSignals(network);
  const tension = mayReadTension(network);
  if (!signals && !tension) return null;
  return (
    <section aria-labelledby="network-signals-heading">
      <Heading level={2} id="network-signals-heading">
        {t('signals.nav.heading')}
      </Heading>
      <UnorderedList>
        {signals && (
          <UnorderedListItem>
            <RouterLink to="/netwerken/$networkId/signalen" params={{ networkId }}>
              {t('signals.nav.signals')}
            </RouterLink>
          </UnorderedListItem>
        )}
        {tension && (
          <UnorderedListItem>
            <RouterLink to="/netwerken/$networkId/spanning" params={{ networkId }}>
              {t('signals.nav.tension')}
            </RouterLink>
          </UnorderedListItem>
        )}
        {signals && (
          <UnorderedListItem>
            <RouterLink to="/netwerken/$networkId/sfeerbeelden" params={{ networkId }}>
              {t('signals.nav.moodPictures')}
            </RouterLink>
          </UnorderedListItem>
        )}
      </UnorderedList>
    </section>
  );
}

/** The overview's signal counts (the server sends null to those who may not read signals). */
export function SignalsCounts({ network, overview }: { network: Network; overview: object }) {
  const { t } = useTranslation();
  const counts = (overview as { signals?: SignalsOverview | null }).signals;
  if (!counts) return null;
  const networkId = network.id;
  return (
    <>
      <Heading level={3}>{t('signals.overview.heading')}</Heading>
      <Paragraph>
        <RouterLink to="/netwerken/$networkId/signalen" params={{ networkId }}>
          {t('signals.overview.open', { count: counts.open, urgent: counts.urgentOpen })}
        </RouterLink>
      </Paragraph>
      <Paragraph>{t('signals.overview.feedbackOwed', { count: counts.feedbackOwed })}</Paragraph>
      {counts.feedbackOverdue > 0 && (
        <Paragraph>
          <strong className="bg-overdue">{t('signals.overview.feedbackOverdue', { count: counts.feedbackOverdue })}</strong>{' '}
          <RouterLink to="/netwerken/$networkId/signalen" params={{ networkId }} search={{ verlopen: true }}>
            {t('signals.overview.overdueLink')}
          </RouterLink>
        </Paragraph>
      )}
    </>
  );
}
