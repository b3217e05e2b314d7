import { useTranslation } from 'react-i18next';
import { isTenantKind, type Me, type Network, type NetworkPartner } from '../../api/client';
import { can } from '../../api/me';

export const NETWORKS_PATH = '/api/v1/networks';
export const NETWORK_PATH = '/api/v1/networks/{networkId}';
export const NETWORKS_KEY = ['get', NETWORKS_PATH] as const;
export const NETWORK_KEY = ['get', NETWORK_PATH] as const;

/** The guide's defaults for a new network (see docs/decisions/0003-networks.md). */
export const NETWORK_DEFAULTS = { maxActiveAllies: 15, targetMeetingsPerYear: 5, planNextWithinDays: 14 } as const;

export type PartnerStatus = 'partner' | 'leaving' | 'left';

export function partnerStatus(partner: NetworkPartner): PartnerStatus {
  if (!partner.active || partner.leftAt) return 'left';
  return partner.leaveRequestedAt ? 'leaving' : 'partner';
}

/** Coordinators may start networks (the server checks that their own organisation is a partner). */
export function mayStartNetworks(me: Me): boolean {
  return can(me, 'org', 'write') && (me.tenant.kind === 'municipality' || me.tenant.kind === 'police_unit');
}

/** A coordinator of an active partner may change the network and its partners. */
export function mayManageNetwork(network: Network): boolean {
  return network.permissions.org?.includes('write') ?? false;
}

export function useKindLabel() {
  const { t } = useTranslation();
  return (kind: string) => (isTenantKind(kind) ? t(`kind.${kind}`) : kind);
}
