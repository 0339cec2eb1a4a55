import '../zod-config.ts'; // before the wire schemas are built (see there); keeps it in the shared chunk
import type { z } from 'zod';
import { ApiErrorBody } from '../../domain/api/index.ts';

/** An error answered by the server (status ≥ 400) or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
  get isNetwork() {
    return this.status === 0;
  }
}

/** react-query's retry rule: a network failure or 5xx is tried twice more; a 4xx answer is final. */
export const retryTransient = (count: number, error: Error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2;

// Writes carry this header; the server refuses cookie-authenticated writes without it (CSRF).
const CSRF = { 'x-requested-with': 'touchstone' };

export async function api<S extends z.ZodType>(
  path: string,
  schema: S,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<z.infer<S>> {
  const method = init.method ?? 'GET';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: method === 'GET' ? {} : { ...CSRF, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: init.body === undefined ? null : JSON.stringify(init.body),
      signal: init.signal ?? null,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'The server cannot be reached. Your work is kept on this device.');
  }
  if (res.status === 204) return schema.parse(null);
  const json: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const parsed = ApiErrorBody.safeParse(json);
    if (parsed.success) throw new ApiError(res.status, parsed.data.error.code, parsed.data.error.message, parsed.data.error.details);
    throw new ApiError(res.status, 'http', `The server answered ${res.status}.`);
  }
  // The client parses every response with the same schema the server answered with.
  return schema.parse(json);
}
