// Guideline-change proposals. A lead proposes a change to a guideline section, linked to
// the escalations that showed the gap; the author reads them in an inbox, with each escalation's
// doubt and ruling, and accepts (optionally naming the version that settled it) or declines.
// Every write is audited; deciding is a conditional update on status 'open', so of two people
// deciding at once the second is told (409) and nothing is overwritten.
import { and, desc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  versionLabel,
  type CreateGuidelineProposal,
  type DecideProposal,
  type GuidelineProposal,
  type ProposalEscalation,
  type ProposalList,
  type ProposalQuery,
} from '../../domain/api/index.ts';
import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import { escalations, guidelineProposalEscalations, guidelineProposals, guidelineVersions, users, type projects } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import { audit } from '../admin/audit.ts';
import { currentGuideline } from './guidelines.ts';

type Project = typeof projects.$inferSelect;
type Row = typeof guidelineProposals.$inferSelect;
const LISTED = 200;

export async function createProposal(ctx: AppContext, project: Project, leadId: string, body: CreateGuidelineProposal): Promise<GuidelineProposal> {
  const found = await ctx.db
    .select({ id: escalations.id })
    .from(escalations)
    .where(and(eq(escalations.projectId, project.id), inArray(escalations.id, body.escalationIds)));
  const missing = body.escalationIds.filter((id) => !found.some((f) => f.id === id));
  if (missing.length > 0)
    throw new HttpError(
      'not_found',
      `${missing.length === 1 ? 'An escalation' : `${missing.length} escalations`} to link ${missing.length === 1 ? 'was' : 'were'} not found in this project. Nothing was proposed.`,
      { missing },
    );
  const guideline = await currentGuideline(ctx.db, project.id);
  let sectionTitle = '';
  if (body.sectionId !== '') {
    const section = guideline.sections.find((s) => s.id === body.sectionId);
    if (!section)
      throw new HttpError(
        'validation_failed',
        `The current guideline (v${versionLabel(guideline.major, guideline.minor)}) has no section "${body.sectionId}". Pick one of its sections, or propose a new section.`,
      );
    sectionTitle = section.title;
  }
  const id = ctx.newId();
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(guidelineProposals)
      .values({ id, projectId: project.id, sectionId: body.sectionId, sectionTitle, text: body.text, proposedBy: leadId, createdAt: now });
    await tx.insert(guidelineProposalEscalations).values(body.escalationIds.map((escalationId) => ({ proposalId: id, escalationId })));
    await audit(tx, {
      actorId: leadId,
      action: 'guideline_proposal_created',
      projectId: project.id,
      details: { proposalId: id, sectionId: body.sectionId, escalationIds: body.escalationIds },
      at: now,
    });
  });
  return (await loadProposals(ctx.db, project.id, [id]))[0] as GuidelineProposal;
}

export async function listProposals(db: DbOrTx, projectId: string, q: ProposalQuery): Promise<ProposalList> {
  const where =
    q.status === 'all'
      ? eq(guidelineProposals.projectId, projectId)
      : and(eq(guidelineProposals.projectId, projectId), eq(guidelineProposals.status, q.status));
  const ids = await db
    .select({ id: guidelineProposals.id })
    .from(guidelineProposals)
    .where(where)
    .orderBy(desc(guidelineProposals.createdAt), desc(guidelineProposals.id))
    .limit(LISTED);
  const open = await db.$count(guidelineProposals, and(eq(guidelineProposals.projectId, projectId), eq(guidelineProposals.status, 'open')));
  return {
    proposals: await loadProposals(
      db,
      projectId,
      ids.map((r) => r.id),
    ),
    open,
  };
}

export async function decideProposal(ctx: AppContext, project: Project, proposalId: string, userId: string, body: DecideProposal): Promise<GuidelineProposal> {
  const [current] = await ctx.db
    .select()
    .from(guidelineProposals)
    .where(and(eq(guidelineProposals.id, proposalId), eq(guidelineProposals.projectId, project.id)))
    .limit(1);
  if (!current) throw new HttpError('not_found', 'That proposal was not found in this project.');
  const versionId = body.action === 'accept' ? (body.versionId ?? null) : null;
  if (versionId) {
    const [v] = await ctx.db
      .select({ id: guidelineVersions.id })
      .from(guidelineVersions)
      .where(and(eq(guidelineVersions.id, versionId), eq(guidelineVersions.projectId, project.id)))
      .limit(1);
    if (!v) throw new HttpError('validation_failed', 'That guideline version is not one of this project’s versions. Nothing was changed.');
  }
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(guidelineProposals)
      .set({
        status: body.action === 'accept' ? 'accepted' : 'declined',
        decidedBy: userId,
        decidedAt: now,
        comment: body.comment,
        settledByVersionId: versionId,
      })
      .where(and(eq(guidelineProposals.id, proposalId), eq(guidelineProposals.status, 'open')))
      .returning({ id: guidelineProposals.id });
    if (!updated)
      throw new HttpError(
        'conflict',
        `This proposal was already ${current.status === 'open' ? 'decided' : current.status}; reload to see the decision. Nothing was changed.`,
      );
    await audit(tx, {
      actorId: userId,
      action: 'guideline_proposal_decided',
      projectId: project.id,
      details: { proposalId, decision: body.action, versionId },
      at: now,
    });
  });
  return (await loadProposals(ctx.db, project.id, [proposalId]))[0] as GuidelineProposal;
}

/** Proposals by id (in the order given) with their people, settling version and linked escalations. */
async function loadProposals(db: DbOrTx, projectId: string, ids: string[]): Promise<GuidelineProposal[]> {
  if (ids.length === 0) return [];
  const proposer = alias(users, 'proposer');
  const decider = alias(users, 'decider');
  const rows = await db
    .select({
      p: guidelineProposals,
      proposer: proposer.displayName,
      decider: decider.displayName,
      major: guidelineVersions.major,
      minor: guidelineVersions.minor,
    })
    .from(guidelineProposals)
    .innerJoin(proposer, eq(proposer.id, guidelineProposals.proposedBy))
    .leftJoin(decider, eq(decider.id, guidelineProposals.decidedBy))
    .leftJoin(guidelineVersions, eq(guidelineVersions.id, guidelineProposals.settledByVersionId))
    .where(and(eq(guidelineProposals.projectId, projectId), inArray(guidelineProposals.id, ids)));
  const links = await db
    .select({ proposalId: guidelineProposalEscalations.proposalId, e: escalations, annotator: users.displayName })
    .from(guidelineProposalEscalations)
    .innerJoin(escalations, eq(escalations.id, guidelineProposalEscalations.escalationId))
    .innerJoin(users, eq(users.id, escalations.userId))
    .where(inArray(guidelineProposalEscalations.proposalId, ids))
    .orderBy(escalations.createdAt);
  const byProposal = new Map<string, ProposalEscalation[]>();
  for (const l of links) {
    const list = byProposal.get(l.proposalId) ?? [];
    list.push({
      id: l.e.id,
      itemId: l.e.itemId,
      annotatorName: l.annotator,
      reason: l.e.reason,
      note: l.e.note,
      guidelineRef: l.e.guidelineRef,
      labels: l.e.labels,
      status: l.e.status,
      ruling: l.e.ruling ?? null,
      explanation: l.e.explanation,
      createdAt: l.e.createdAt.toISOString(),
    });
    byProposal.set(l.proposalId, list);
  }
  const toWire = (r: { p: Row; proposer: string; decider: string | null; major: number | null; minor: number | null }): GuidelineProposal => ({
    id: r.p.id,
    projectId: r.p.projectId,
    sectionId: r.p.sectionId,
    sectionTitle: r.p.sectionTitle,
    text: r.p.text,
    status: r.p.status,
    proposedBy: { id: r.p.proposedBy, name: r.proposer },
    createdAt: r.p.createdAt.toISOString(),
    decidedBy: r.p.decidedBy ? { id: r.p.decidedBy, name: r.decider ?? 'Unknown user' } : null,
    decidedAt: r.p.decidedAt?.toISOString() ?? null,
    comment: r.p.comment,
    settledByVersion:
      r.p.settledByVersionId && r.major !== null && r.minor !== null ? { id: r.p.settledByVersionId, version: versionLabel(r.major, r.minor) } : null,
    escalations: byProposal.get(r.p.id) ?? [],
  });
  const byId = new Map(rows.map((r) => [r.p.id, toWire(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
