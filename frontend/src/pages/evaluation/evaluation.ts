import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { API_BASE, type Network } from '../../api/client';
import type { components } from '../../api/schema';
import { NETWORK_KEY } from '../networks/networks';
import { apiRequest } from '../signals/signals';

export type Evaluation = components['schemas']['Evaluation'];
export type EvaluationSummary = components['schemas']['EvaluationSummary'];
export type EvaluationFigures = components['schemas']['EvaluationFigures'];
export type EvaluationInput = components['schemas']['EvaluationComplete'];
export type Decision = components['schemas']['EvaluationDecisionKind'];
export type Party = 'municipality' | 'police' | 'allies';

export const DECISIONS: Decision[] = ['keep', 'pause', 'replace'];
export const PARTIES: Party[] = ['municipality', 'police', 'allies'];

export const EVALUATIONS_KEY = ['evaluations'] as const;

export const evaluationPaths = {
  list: (networkId: string) => `/networks/${encodeURIComponent(networkId)}/evaluations`,
  one: (networkId: string, id: string) => `/networks/${encodeURIComponent(networkId)}/evaluations/${encodeURIComponent(id)}`,
};

/** The PDF of an evaluation's report (a plain link: the browser saves it). */
export function evaluationPdfHref(networkId: string, id: string): string {
  return `${API_BASE}${evaluationPaths.one(networkId, id)}/pdf`;
}

function has(network: Network, action: string): boolean {
  return network.permissions['evaluations']?.includes(action) ?? false;
}

/** Partners' coordinators write evaluations. */
export function mayWriteEvaluations(network: Network): boolean {
  return has(network, 'write');
}

/** Staff, tenant administrators (read) and overseeing bureaus (read-summary) read them. */
export function mayReadEvaluations(network: Network): boolean {
  return has(network, 'read') || has(network, 'read-summary');
}

export function useEvaluations(network: Network) {
  return useQuery<{ items: EvaluationSummary[] }>({
    queryKey: [...EVALUATIONS_KEY, network.id, 'list'],
    queryFn: ({ signal }) => apiRequest(evaluationPaths.list(network.id), { signal }),
    enabled: mayReadEvaluations(network),
  });
}

export function useEvaluation(network: Network, id: string) {
  return useQuery<Evaluation>({
    queryKey: [...EVALUATIONS_KEY, network.id, 'one', id],
    queryFn: ({ signal }) => apiRequest(evaluationPaths.one(network.id, id), { signal }),
    enabled: mayReadEvaluations(network),
  });
}

/** A change to an evaluation; afterwards the evaluations, the network (goals) and its allies are read again. */
export function useEvaluationMutation<TBody>(method: 'POST' | 'PUT', path: () => string) {
  const queryClient = useQueryClient();
  return useMutation<Evaluation, unknown, TBody>({
    mutationFn: (body) => apiRequest<Evaluation>(path(), { method, body }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: EVALUATIONS_KEY }),
        queryClient.invalidateQueries({ queryKey: NETWORK_KEY }),
        queryClient.invalidateQueries({ queryKey: ['get', '/api/v1/networks/{networkId}/allies'] }),
      ]).then(() => undefined),
  });
}

/** The field of the decision about an ally, as the API names it in errors. */
export function decisionField(allyId: string): string {
  return `decisions.${allyId}`;
}
