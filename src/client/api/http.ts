import '../zod-config.ts'; // before the wire schemas are built (see there); keeps it in the shared chunk
import type { z } from 'zod';
import { ApiErrorBody } from '../../domain/api/index.ts';
import { ApiError, send, type ApiInit } from './send.ts';

export { ApiError } from './send.ts';

/** react-query's retry rule: a network failure or 5xx is tried twice more; a 4xx answer is final. */
export const retryTransient = (count: number, error: Error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2;

export async function api<S extends z.ZodType>(path: string, schema: S, init: ApiInit = {}): Promise<z.infer<S>> {
  return read(await send(path, init), schema);
}

/** Reads an answer with the schema the server answered with; an error answer becomes an ApiError. */
export async function read<S extends z.ZodType>(res: Response, schema: S): Promise<z.infer<S>> {
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
