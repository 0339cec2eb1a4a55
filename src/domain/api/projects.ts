import { z } from 'zod';
import { Id, ProjectKind, Role } from './common.ts';
import { LabelSchema } from './labels.ts';
import { GuidelineVersion } from './guidelines.ts';

export const ProjectSummary = z.object({
  id: Id,
  name: z.string(),
  kind: ProjectKind,
  roles: z.array(Role),
  /** Archived: read-only (writes answer 409) and left out of annotators' lists. Always sent; absent = false. */
  archived: z.boolean().optional(),
});
export type ProjectSummary = z.infer<typeof ProjectSummary>;

export const ProjectList = z.object({ projects: z.array(ProjectSummary) });

export const ProjectDetail = ProjectSummary.extend({
  labelSchema: LabelSchema,
  guideline: GuidelineVersion,
});
export type ProjectDetail = z.infer<typeof ProjectDetail>;
