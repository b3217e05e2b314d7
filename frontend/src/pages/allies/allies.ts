import { useTranslation } from 'react-i18next';
import { AGE_BANDS, GENDERS, type AgeBand, type Ally, type Gender, type Me, type Network } from '../../api/client';
import { can } from '../../api/me';

export const ALLIES_PATH = '/api/v1/networks/{networkId}/allies';
/** One page holds every ally of a network (the server's largest page); a network has tens. */
export const ALLIES_PAGE = 1000;
export const ALLY_PATH = '/api/v1/networks/{networkId}/allies/{allyId}';
export const ALLY_SPECIAL_PATH = '/api/v1/networks/{networkId}/allies/{allyId}/special';
export const REPRESENTATION_PATH = '/api/v1/networks/{networkId}/representation';
export const ALLIES_KEY = ['get', ALLIES_PATH] as const;
export const ALLY_KEY = ['get', ALLY_PATH] as const;
export const REPRESENTATION_KEY = ['get', REPRESENTATION_PATH] as const;
export const COVERAGE_PATH = '/api/v1/networks/{networkId}/coverage';
export const COVERAGE_KEY = ['get', COVERAGE_PATH] as const;

/** Whether the own organisation is an active partner of the network. */
export function isOwnPartner(me: Me, network: Network): boolean {
  return network.partners.some((p) => p.active && !p.leftAt && p.tenant.slug === me.tenant.slug);
}

/** Partners' coordinators and staff see the allies and their contact data. */
export function mayReadAllies(me: Me, network: Network): boolean {
  return can(me, 'contacts', 'read') && isOwnPartner(me, network);
}

/** Partners' coordinators add and change allies. */
export function mayWriteAllies(me: Me, network: Network): boolean {
  return can(me, 'contacts', 'write') && isOwnPartner(me, network);
}

/** Special-category data (background, religion): partners' coordinators only. */
export function mayReadSpecial(me: Me, network: Network): boolean {
  return can(me, 'sensitive', 'read') && isOwnPartner(me, network);
}

export function mayWriteSpecial(me: Me, network: Network): boolean {
  return can(me, 'sensitive', 'write') && isOwnPartner(me, network);
}

/** Intake, code of conduct and declaration of interests are all done. */
export function vettingComplete(ally: Ally): boolean {
  return Boolean(ally.intakeDone && ally.codeOfConductSigned && ally.interestsDeclared);
}

/** Labels for the values of age bands and genders (other values are shown as they are). */
export function useValueLabel() {
  const { t } = useTranslation();
  return (attribute: 'ageBands' | 'genders' | string, value: string): string => {
    if (attribute === 'ageBands' && (AGE_BANDS as readonly string[]).includes(value)) return t(`allies.ageBand.${value as AgeBand}`);
    if (attribute === 'genders' && (GENDERS as readonly string[]).includes(value)) return t(`allies.gender.${value as Gender}`);
    return value;
  };
}
