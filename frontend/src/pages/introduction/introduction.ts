import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Network } from '../../api/client';
import { can } from '../../api/me';
import type { components } from '../../api/schema';
import { apiRequest } from '../signals/signals';

export type Introduction = components['schemas']['Introduction'];
export type IntroductionSummary = components['schemas']['IntroductionSummary'];
export type IntroductionList = components['schemas']['IntroductionList'];
export type IntroductionSheet = components['schemas']['IntroductionSheet'];
export type IntroductionAlly = components['schemas']['IntroductionAlly'];
export type ContactInput = components['schemas']['IntroductionContactInput'];
export type StepInput = components['schemas']['IntroductionStepInput'];
export type Mode = ContactInput['mode'];
export type ManualStep = 'liaison' | 'guide' | 'partner';

export const MODES: Mode[] = ['in_person', 'phone', 'video'];
export const INTRODUCTIONS_KEY = ['introductions'] as const;

export const introductionPaths = {
  mine: () => '/me/introductions',
  list: (networkId: string) => `/networks/${encodeURIComponent(networkId)}/introductions`,
  one: (networkId: string, id: string) => `/networks/${encodeURIComponent(networkId)}/introductions/${encodeURIComponent(id)}`,
};

function has(network: Network, action: string): boolean {
  return network.permissions['onboarding']?.includes(action) ?? false;
}

/** Coordinators and tenant administrators (read), bureaus (read-progress) see the network's programmes. */
export function mayListIntroductions(network: Network): boolean {
  return has(network, 'read') || has(network, 'read-progress');
}

/** Whoever may have a programme of their own in the network: coordinators and staff. */
export function mayHaveIntroduction(network: Network): boolean {
  return has(network, 'read-own') || has(network, 'write');
}

export function useMyIntroductions(enabled = true) {
  return useQuery<IntroductionList>({
    queryKey: [...INTRODUCTIONS_KEY, 'mine'],
    queryFn: ({ signal }) => apiRequest(introductionPaths.mine(), { signal }),
    enabled,
  });
}

export function useIntroductions(network: Network) {
  return useQuery<IntroductionList>({
    queryKey: [...INTRODUCTIONS_KEY, network.id, 'list'],
    queryFn: ({ signal }) => apiRequest(introductionPaths.list(network.id), { signal }),
    enabled: mayListIntroductions(network),
  });
}

export function useIntroduction(networkId: string, id: string) {
  return useQuery<Introduction>({
    queryKey: [...INTRODUCTIONS_KEY, networkId, 'one', id],
    queryFn: ({ signal }) => apiRequest(introductionPaths.one(networkId, id), { signal }),
    retry: false,
  });
}

export function useIntroductionSheet(networkId: string, id: string) {
  return useQuery<IntroductionSheet>({
    queryKey: [...INTRODUCTIONS_KEY, networkId, 'sheet', id],
    queryFn: ({ signal }) => apiRequest(`${introductionPaths.one(networkId, id)}/sheet`, { signal }),
    retry: false,
  });
}

/** A change to a programme; afterwards every introduction query is read again. */
export function useIntroductionMutation<TBody>(path: () => string) {
  const queryClient = useQueryClient();
  return useMutation<Introduction, unknown, { body: TBody; path?: string }>({
    mutationFn: ({ body, path: p }) => apiRequest<Introduction>(p ?? path(), { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: INTRODUCTIONS_KEY }),
  });
}

/** The status of a programme for the table: overdue is an open one past its eight weeks. */
export function statusKey(p: IntroductionSummary): 'open' | 'overdue' | 'completed' | 'ended' | 'waived' {
  return p.status === 'open' && p.overdue ? 'overdue' : p.status;
}

/** Whether a manual step is done, and its record. */
export function stepOf(p: Introduction, step: ManualStep) {
  return p.steps.find((s) => s.step === step);
}

/** The allies still to meet first, then those met, each keeping the API's order (by name). */
export function alliesInOrder(allies: IntroductionAlly[]): IntroductionAlly[] {
  return [...allies.filter((a) => !a.contact), ...allies.filter((a) => a.contact)];
}

/** Whether the signed-in person may have an introduction of their own (coordinators and staff). */
export function mayHaveOwnIntroduction(me: Parameters<typeof can>[0]): boolean {
  return can(me, 'onboarding', 'read-own') || can(me, 'onboarding', 'write');
}
