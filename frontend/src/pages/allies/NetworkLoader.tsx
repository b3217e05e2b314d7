import { Paragraph } from '@utrecht/component-library-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { $api, isForbidden, problemStatus, type Network } from '../../api/client';
import { can, useSignedInMe } from '../../api/me';
import { RouterLink } from '../../components/links';
import { NoAccess } from '../../components/NoAccess';
import { Loading, QueryError } from '../../components/QueryError';
import { NotFoundPage } from '../NotFoundPage';
import { NETWORK_PATH } from '../networks/networks';

/** Loads the network of an allies page, with the usual not-found, no-access and error states. */
export function WithNetwork({ networkId, children }: { networkId: string; children: (network: Network) => ReactNode }) {
  const me = useSignedInMe();
  const network = $api.useQuery('get', NETWORK_PATH, { params: { path: { networkId } } }, { enabled: can(me, 'org', 'read') });
  if (!can(me, 'org', 'read')) return <NoAccess />;
  const status = problemStatus(network.error);
  if (status === 404 || status === 400) return <NotFoundPage />;
  if (isForbidden(network.error)) return <NoAccess />;
  if (network.isPending) return <Loading />;
  if (network.isError) return <QueryError error={network.error} onRetry={() => void network.refetch()} />;
  return <>{children(network.data)}</>;
}

/** "Geen toegang", with the way to the counts everyone who sees the network may read. */
export function NoAlliesAccess({ networkId }: { networkId: string }) {
  const { t } = useTranslation();
  return (
    <NoAccess>
      <Paragraph>
        <RouterLink to="/netwerken/$networkId/samenstelling" params={{ networkId }}>
          {t('allies.representationLink')}
        </RouterLink>
      </Paragraph>
    </NoAccess>
  );
}
