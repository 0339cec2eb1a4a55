// Every import leaves an audit entry: who brought what into a project, in which format, with what
// result — refused imports too (nothing written, and why), since those are worth knowing as well.
import type { AppContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import { audit } from '../admin/audit.ts';

export interface ImportOutcome {
  mode: string;
  committed: boolean;
  imported: number;
  invalid: number;
}

export async function auditImport<R extends ImportOutcome>(
  ctx: AppContext,
  actorId: string,
  projectId: string,
  what: { kind: 'items' | 'pre_annotations' | 'gold' | 'labels'; format: string; source?: string },
  run: () => Promise<R>,
): Promise<R> {
  const write = (details: Record<string, unknown>) => audit(ctx.db, { actorId, action: 'import', projectId, details: { ...what, ...details }, at: ctx.now() });
  try {
    const report = await run();
    await write({ mode: report.mode, committed: report.committed, imported: report.imported, invalid: report.invalid });
    return report;
  } catch (e) {
    if (e instanceof HttpError) await write({ committed: false, refused: e.message });
    throw e;
  }
}
