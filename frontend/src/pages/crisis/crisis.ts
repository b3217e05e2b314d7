import { useQueryClient } from '@tanstack/react-query';
import type { Network } from '../../api/client';
import type { components } from '../../api/schema';
import { NETWORK_KEY, NETWORKS_KEY } from '../networks/networks';

export type CrisisSummary = components['schemas']['CrisisSummary'];
export type CrisisDetail = components['schemas']['CrisisDetail'];
export type CrisisEntry = components['schemas']['CrisisEntry'];
export type CrisisPoll = components['schemas']['CrisisPoll'];
export type CrisisTimelineItem = components['schemas']['CrisisTimelineItem'];
export type CrisisContacts = components['schemas']['CrisisContacts'];
export type CrisisPhase = components['schemas']['SignalPhase'];
export type CrisisBanner = components['schemas']['CrisisBanner'];

export const CRISIS_PHASES: CrisisPhase[] = ['simmering', 'rising', 'escalation', 'aftermath'];

export const crisisApi = {
  list: '/api/v1/networks/{networkId}/crises',
  one: '/api/v1/networks/{networkId}/crises/{crisisId}',
  timeline: '/api/v1/networks/{networkId}/crises/{crisisId}/timeline',
  phase: '/api/v1/networks/{networkId}/crises/{crisisId}/phase',
  entries: '/api/v1/networks/{networkId}/crises/{crisisId}/entries',
  answer: '/api/v1/networks/{networkId}/crises/{crisisId}/entries/{entryId}/answer',
  polls: '/api/v1/networks/{networkId}/crises/{crisisId}/polls',
  pollAnswers: '/api/v1/networks/{networkId}/crises/{crisisId}/polls/{pollId}/answers',
  close: '/api/v1/networks/{networkId}/crises/{crisisId}/close',
  emergencyMeeting: '/api/v1/networks/{networkId}/crises/{crisisId}/emergency-meeting',
  contacts: '/api/v1/networks/{networkId}/crisis-contacts',
} as const;

/** The vCard download of the rapid contact list (a plain link: the browser saves it). */
export function contactsVCardHref(networkId: string): string {
  return `/api/v1/networks/${encodeURIComponent(networkId)}/crisis-contacts.vcf`;
}

function has(network: Network, category: string, action: string): boolean {
  return network.permissions[category]?.includes(action) ?? false;
}

/** A partner's coordinators change a crisis (signals write). */
export function mayManageCrisis(network: Network): boolean {
  return has(network, 'signals', 'write');
}

/** Crisis content: those who read signals, and crisis liaisons (read-shared). */
export function mayReadCrisis(network: Network): boolean {
  return has(network, 'signals', 'read') || has(network, 'signals', 'read-shared');
}

/** The rapid contact list: coordinators and crisis liaisons (contacts read-crisis). */
export function mayReadCrisisContacts(network: Network): boolean {
  return has(network, 'contacts', 'read-crisis');
}

/** Allies to choose for a poll: contacts read. */
export function mayListAllies(network: Network): boolean {
  return has(network, 'contacts', 'read');
}

/** After a change: the crisis queries and the network (its banner). */
export function useCrisisRefresh() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['get', crisisApi.list] }),
      queryClient.invalidateQueries({ queryKey: ['get', crisisApi.one] }),
      queryClient.invalidateQueries({ queryKey: ['get', crisisApi.timeline] }),
      queryClient.invalidateQueries({ queryKey: ['get', crisisApi.contacts] }),
      queryClient.invalidateQueries({ queryKey: NETWORK_KEY }),
      queryClient.invalidateQueries({ queryKey: NETWORKS_KEY }),
    ]).then(() => undefined);
}

/** A local date and time ("YYYY-MM-DD", "HH:MM") as an instant. */
export function localInstant(day: string, time: string): string | undefined {
  const date = new Date(`${day}T${time || '00:00'}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Filter allies by community or neighbourhood (case-insensitive, part of the text). */
export function matchesFilter(ally: { constituency?: string | undefined; neighbourhood?: string | undefined }, filter: string): boolean {
  const f = filter.trim().toLocaleLowerCase();
  if (!f) return true;
  return (ally.constituency ?? '').toLocaleLowerCase().includes(f) || (ally.neighbourhood ?? '').toLocaleLowerCase().includes(f);
}
