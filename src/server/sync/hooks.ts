// Every hook the sync pipeline runs, registered here once (not by route modules in mount order).
// Each takes the whole batch inside the sync transaction, with a fixed number of queries per batch.
// Order matters only where one reads what another writes; none does today.
import type { AppContext } from '../context.ts';
import { agreementRunner, queueAgreementBatch } from '../agreement/agreement-items.ts';
import { escalationWorkBatch } from '../escalations/escalation-figures.ts';
import { queueScoringBatch, scoringRunner } from '../gold/gold-scoring.ts';
import { quizBatch } from '../queue/qualification.ts';
import { reannotationBatch } from '../guidelines/reannotation.ts';
import type { BatchHook } from './batch.ts';

export interface SyncHooks {
  /** Inside the transaction, after the batch's revisions are stored. */
  afterSubmit: BatchHook[];
  /** After the commit: start the runners that do the work queued in the transaction. */
  afterCommit: Array<() => void>;
}

const registry = new WeakMap<AppContext, SyncHooks>();

export function syncHooks(ctx: AppContext): SyncHooks {
  let hooks = registry.get(ctx);
  if (!hooks) {
    hooks = {
      afterSubmit: [
        reannotationBatch(ctx), // re-annotation marks: late work under an outdated major is sent back
        queueScoringBatch, // gold scoring and review sampling queue (done after the commit, gold and live alike)
        queueAgreementBatch, // agreement summaries to redo
        quizBatch(ctx), // qualification quiz scores (first answer counts)
        escalationWorkBatch, // escalation-rate denominators
      ],
      afterCommit: [() => scoringRunner(ctx).schedule(), () => agreementRunner(ctx).schedule()],
    };
    registry.set(ctx, hooks);
  }
  return hooks;
}
