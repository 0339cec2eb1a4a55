import { z } from 'zod';
import { Id, IsoDateTime } from './common.ts';
import { AnnotationPayload } from './annotation.ts';
import { Problem } from './errors.ts';
import { CreateEscalation } from './escalations.ts';

// The sync wire format. Versioned so that an old client talking to a new server is told,
// not misread (Replicache's push does the same).
export const SYNC_SCHEMA_VERSION = 1;
export const MAX_SYNC_BATCH = 100;

export const SubmitAnnotation = z.strictObject({
  id: Id,
  type: z.literal('annotation.submit'),
  projectId: Id,
  itemId: Id,
  guidelineVersionId: Id,
  payload: AnnotationPayload,
  startedAt: IsoDateTime,
  submittedAt: IsoDateTime,
  durationMs: z
    .number()
    .int()
    .nonnegative()
    .max(24 * 3600 * 1000),
});
export type SubmitAnnotation = z.infer<typeof SubmitAnnotation>;

// Adding a member is backward compatible: old clients never send it, so the version stays 1.
export const Mutation = z.discriminatedUnion('type', [SubmitAnnotation, CreateEscalation]);
export type Mutation = z.infer<typeof Mutation>;

export const SyncRequest = z.strictObject({
  schemaVersion: z.literal(SYNC_SCHEMA_VERSION, { message: `this server speaks sync schema version ${SYNC_SCHEMA_VERSION}; reload the app` }),
  mutations: z.array(Mutation).min(1, 'a sync batch needs at least one mutation').max(MAX_SYNC_BATCH),
});
export type SyncRequest = z.infer<typeof SyncRequest>;

export const AppliedResult = z.object({ revisionId: Id, revision: z.number().int().positive(), appliedAt: IsoDateTime });
export const MutationResult = z.discriminatedUnion('status', [
  z.object({ id: Id, status: z.literal('applied'), result: AppliedResult }),
  z.object({ id: Id, status: z.literal('duplicate'), result: AppliedResult }),
  z.object({
    id: Id,
    status: z.literal('rejected'),
    code: z.enum(['forbidden', 'not_found', 'invalid', 'conflict']),
    message: z.string(),
    problems: z.array(Problem).default([]),
  }),
]);
export type MutationResult = z.infer<typeof MutationResult>;

export const SyncResponse = z.object({ results: z.array(MutationResult) });
export type SyncResponse = z.infer<typeof SyncResponse>;
