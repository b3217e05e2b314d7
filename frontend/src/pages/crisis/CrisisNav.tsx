import { Heading, Paragraph } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import type { Network } from '../../api/client';
import { RouterLink } from '../../components/links';

/** The way to crisis mode from the network page (everyone in the network sees the crisis list). */
export function CrisisNav({ network }: { network: Network }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="network-crisis-heading">
      <Heading level={2} id="network-crisis-heading">
        {t('crisis.nav')}
      </Heading>
      <Paragraph>
        <RouterLink to="/netwerken/$networkId/crisis" params={{ networkId: network.id }}>
          {t('crisis.nav')}
        </RouterLink>
      </Paragraph>
    </section>
  );
}
