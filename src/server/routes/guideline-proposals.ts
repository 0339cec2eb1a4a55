// Guideline-change proposals: leads propose from escalations; the guideline's authors
// (and leads) read the inbox and decide. Annotators get 403: the inbox quotes everyone's
// escalations and the leads' rulings. A user of another project gets 404 (requireProjectRole).
import { z } from 'zod';
import { CreateGuidelineProposal, DecideProposal, GuidelineProposal, Id, ProposalList, ProposalQuery } from '../../domain/api/index.ts';
import { requireProjectRole, requireUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import type { ZApp } from '../http/types.ts';
import { createProposal, decideProposal, listProposals } from '../guidelines/guideline-proposals.ts';
import { ProjectParams } from './projects.ts';

const ProposalParams = z.strictObject({ projectId: Id, proposalId: Id });

export function guidelineProposalRoutes(app: ZApp, ctx: AppContext): void {
  app.post(
    '/api/projects/:projectId/guideline-proposals',
    { schema: { params: ProjectParams, body: CreateGuidelineProposal, response: { 201: GuidelineProposal } } },
    async (req, reply) => {
      const user = requireUser(req);
      const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['lead']);
      const proposal = await createProposal(ctx, project, user.id, req.body);
      return reply.code(201).send(proposal);
    },
  );

  app.get(
    '/api/projects/:projectId/guideline-proposals',
    { schema: { params: ProjectParams, querystring: ProposalQuery, response: { 200: ProposalList } } },
    async (req) => {
      const { project } = await requireProjectRole(ctx, requireUser(req), req.params.projectId, ['author', 'lead']);
      return listProposals(ctx.db, project.id, req.query);
    },
  );

  app.post(
    '/api/projects/:projectId/guideline-proposals/:proposalId/decision',
    { schema: { params: ProposalParams, body: DecideProposal, response: { 200: GuidelineProposal } } },
    async (req) => {
      const user = requireUser(req);
      const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['author', 'lead']);
      return decideProposal(ctx, project, req.params.proposalId, user.id, req.body);
    },
  );
}
