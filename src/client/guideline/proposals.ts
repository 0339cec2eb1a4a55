// Guideline-change proposals: the lead's "propose" and the author's inbox.
import { useQuery } from '@tanstack/react-query';
import { GuidelineProposal, ProposalList, type CreateGuidelineProposal, type DecideProposal, type ProposalQuery } from '../../domain/api/index.ts';
import { api, retryTransient } from '../api/http.ts';

const base = (projectId: string) => `/api/projects/${projectId}/guideline-proposals`;

export const proposalsKey = (projectId: string) => ['guideline-proposals', projectId] as const;

export const useProposals = (projectId: string, status: ProposalQuery['status']) =>
  useQuery({ queryKey: [...proposalsKey(projectId), status], retry: retryTransient, queryFn: () => api(`${base(projectId)}?status=${status}`, ProposalList) });

export const createProposal = (projectId: string, body: CreateGuidelineProposal) => api(base(projectId), GuidelineProposal, { method: 'POST', body });

export const decideProposal = (projectId: string, proposalId: string, body: DecideProposal) =>
  api(`${base(projectId)}/${proposalId}/decision`, GuidelineProposal, { method: 'POST', body });
