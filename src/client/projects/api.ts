// Server reads and writes of project creation and a project's basics, parsed with the wire schemas.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  LabelSchemaFromDataset,
  ProjectDetail,
  ProjectTemplateList,
  type CreateProjectRequest,
  type DatasetSchemaFormat,
  type ProjectKind,
} from '../../domain/api/index.ts';
import { api, retryTransient } from '../api/http.ts';

export function useTemplates() {
  return useQuery({
    queryKey: ['project-templates'],
    queryFn: () => api('/api/project-templates', ProjectTemplateList),
    retry: retryTransient,
    staleTime: Infinity,
  });
}

export function useCreateProject() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateProjectRequest) => api('/api/projects', ProjectDetail, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['projects'] }),
  });
}

export function fetchProject(projectId: string) {
  return api(`/api/projects/${projectId}`, ProjectDetail);
}

export function schemaFromDataset(format: DatasetSchemaFormat, content: string, kind?: ProjectKind) {
  return api('/api/label-schema/from-dataset', LabelSchemaFromDataset, { method: 'POST', body: { format, content, ...(kind ? { kind } : {}) } });
}

/** Which dataset format a file is, from its name and first characters. */
export function guessDatasetFormat(fileName: string, content: string): DatasetSchemaFormat {
  const name = fileName.toLowerCase();
  const head = content.trimStart();
  if (name.endsWith('.xml') || head.startsWith('<')) return 'labelstudio';
  if (name.endsWith('.json') || head.startsWith('{')) return 'coco';
  if (name.includes('labelmap')) return 'voc';
  return 'yolo';
}
