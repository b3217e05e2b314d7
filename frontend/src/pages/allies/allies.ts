import { useTranslation } from 'react-i18next';
import { AGE_BANDS, GENDERS, type AgeBand, type Ally, type Gender, type Network } from '../../api/client';

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

/** Whether the server allows the caller `action` on `category` in this network (network.permissions). */
export function allowedIn(network: Network, category: string, action: string): boolean {
  return network.permissions[category]?.includes(action) ?? false;
}

/** Partners' coordinators and staff see the allies and their contact data. */
export function mayReadAllies(network: Network): boolean {
  return allowedIn(network, 'contacts', 'read');
}

/** Partners' coordinators add and change allies. */
export function mayWriteAllies(network: Network): boolean {
  return allowedIn(network, 'contacts', 'write');
}

/** Special-category data (background, religion): partners' coordinators only. */
export function mayReadSpecial(network: Network): boolean {
  return allowedIn(network, 'sensitive', 'read');
}

export function mayWriteSpecial(network: Network): boolean {
  return allowedIn(network, 'sensitive', 'write');
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
