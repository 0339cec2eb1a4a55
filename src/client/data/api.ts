// Import requests that api() cannot make: a multipart upload with progress (XMLHttpRequest has
// upload progress events; fetch has none) and a streamed NDJSON answer read line by line.
import { ApiErrorBody, ImportProgressLine, ItemImportReport, type ItemImportMode } from '../../domain/api/index.ts';
import { api, ApiError } from '../api/http.ts';

const CSRF = { 'x-requested-with': 'touchstone' };

function errorFrom(status: number, body: string): ApiError {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  const parsed = ApiErrorBody.safeParse(json);
  return parsed.success ? new ApiError(status, parsed.data.error.code, parsed.data.error.message) : new ApiError(status, 'http', `The server answered ${status}.`);
}

export function uploadImages(projectId: string, files: File[], mode: ItemImportMode, onProgress: (fraction: number) => void): Promise<ItemImportReport> {
  const form = new FormData();
  form.append('mode', mode); // before the files: the server reads the mode first
  // A folder pick keeps its folders in the name: label imports match items by relative path.
  for (const f of files) form.append('files', f, f.webkitRelativePath || f.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/projects/${projectId}/items/import/images`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('x-requested-with', CSRF['x-requested-with']);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(0, 'network', 'The server cannot be reached.'));
    xhr.onload = () => {
      if (xhr.status >= 400) return reject(errorFrom(xhr.status, xhr.responseText));
      try {
        resolve(ItemImportReport.parse(JSON.parse(xhr.responseText)));
      } catch (e) {
        reject(e as Error);
      }
    };
    xhr.send(form);
  });
}

export function importText(projectId: string, format: 'jsonl' | 'csv', content: string, mode: ItemImportMode): Promise<ItemImportReport> {
  return api(`/api/projects/${projectId}/items/import/text`, ItemImportReport, { method: 'POST', body: { format, mode, content } });
}

export async function importFolder(projectId: string, path: string, mode: ItemImportMode, onProgress: (processed: number, total: number) => void): Promise<ItemImportReport> {
  const res = await fetch(`/api/projects/${projectId}/items/import/folder`, { method: 'POST', credentials: 'same-origin', headers: { ...CSRF, 'content-type': 'application/json' }, body: JSON.stringify({ path, mode }) });
  if (!res.ok || !res.body) throw errorFrom(res.status, await res.text());
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffer += value;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const raw of lines) {
      if (!raw.trim()) continue;
      const line = ImportProgressLine.parse(JSON.parse(raw));
      if (line.type === 'progress') onProgress(line.processed, line.total);
      else if (line.type === 'report') return line.report;
      else throw new ApiError(500, 'import_failed', line.message);
    }
    if (done) throw new ApiError(0, 'network', 'The import stopped before its report arrived.');
  }
}
