import { useRouterState } from '@tanstack/react-router';
import { Alert, Paragraph } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { $api } from '../../api/client';
import { RouterLink } from '../../components/links';
import { formatDateTime } from '../../format';
import { currentLanguage } from '../../i18n';
import { NETWORK_PATH } from '../networks/networks';
import './crisis.css';

const NETWORK_PAGE = /^\/netwerken\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\/|$)/i;

/** The crisis banner on every page of a network while it has an active crisis. */
export function NetworkCrisisBanner() {
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const networkId = NETWORK_PAGE.exec(pathname)?.[1];
  if (!networkId) return null;
  return <CrisisBannerOf networkId={networkId} onCrisisPage={pathname.endsWith('/crisis')} />;
}

function CrisisBannerOf({ networkId, onCrisisPage }: { networkId: string; onCrisisPage: boolean }) {
  const { t } = useTranslation();
  const network = $api.useQuery('get', NETWORK_PATH, { params: { path: { networkId } } });
  const crisis = network.data?.activeCrisis;
  if (!crisis) return null;
  return (
    <Alert type="error" className="bg-crisis-banner">
      <Paragraph>
        <strong>{t('crisis.banner.title', { title: crisis.title })}</strong>{' '}
        {t('crisis.banner.since', {
          phase: t(`crisis.phase.${crisis.phase}`),
          since: formatDateTime(crisis.startedAt, currentLanguage()),
        })}
      </Paragraph>
      {!onCrisisPage && (
        <Paragraph>
          <RouterLink to="/netwerken/$networkId/crisis" params={{ networkId }}>
            {t('crisis.banner.open')}
          </RouterLink>
        </Paragraph>
      )}
    </Alert>
  );
}
