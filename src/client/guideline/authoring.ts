// The author's reads and writes: draft, publish, impact preview, history and diffs.
import { useQuery } from '@tanstack/react-query';
import {
  GuidelineDiffResponse,
  GuidelineDraft,
  ImpactPreview,
  PublishResponse,
  SchemaImpact,
  VersionList,
  type SchemaChange,
  type GuidelineSection,
  type PublishRequest,
} from '../../domain/api/index.ts';
import { api } from '../api/http.ts';

const base = (projectId: string) => `/api/projects/${projectId}/guideline`;

export const useDraft = (projectId: string) =>
  useQuery({ queryKey: ['guideline-draft', projectId], queryFn: () => api(`${base(projectId)}/draft`, GuidelineDraft), retry: false });

export const saveDraft = (projectId: string, baseVersionId: string, sections: GuidelineSection[], schemaChanges: SchemaChange[] = []) =>
  api(`${base(projectId)}/draft`, GuidelineDraft, { method: 'PUT', body: { baseVersionId, sections, schemaChanges } });

/** What a label-change list would touch, counted by the server before anything is written. */
export const useSchemaImpact = (projectId: string, changes: SchemaChange[], enabled: boolean) =>
  useQuery({
    queryKey: ['guideline-schema-impact', projectId, JSON.stringify(changes)],
    queryFn: () => api(`${base(projectId)}/schema-impact`, SchemaImpact, { method: 'POST', body: { changes } }),
    enabled: enabled && changes.length > 0,
    retry: false,
  });

export const discardDraft = (projectId: string) => api(`${base(projectId)}/draft`, GuidelineDraft, { method: 'DELETE' });

export const publishDraft = (projectId: string, body: PublishRequest) => api(`${base(projectId)}/publish`, PublishResponse, { method: 'POST', body });

export const useImpact = (projectId: string, labels: string[], enabled: boolean) =>
  useQuery({
    queryKey: ['guideline-impact', projectId, [...labels].sort().join(',')],
    queryFn: () => api(`${base(projectId)}/impact?labels=${encodeURIComponent(labels.join(','))}`, ImpactPreview),
    enabled: enabled && labels.length > 0,
    retry: false,
  });

export const useVersions = (projectId: string) =>
  useQuery({ queryKey: ['guideline-versions', projectId], queryFn: () => api(`${base(projectId)}/versions`, VersionList), retry: false });

export const useDiff = (projectId: string, from: string | null, to: string | null) =>
  useQuery({
    queryKey: ['guideline-diff', projectId, from, to],
    queryFn: () => api(`${base(projectId)}/diff?from=${from}&to=${to}`, GuidelineDiffResponse),
    enabled: !!from && !!to,
    retry: false,
  });

/** A fresh section id that does not clash with the draft's (ids are stable across versions for the diff). */
export function newSectionId(sections: readonly GuidelineSection[]): string {
  let n = sections.length + 1;
  while (sections.some((s) => s.id === `section-${n}`)) n++;
  return `section-${n}`;
}
