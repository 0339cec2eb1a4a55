// The HTTP request of an API call, without reading its answer, and the error an answer can be.
// Kept apart from http.ts (which reads answers with the wire schemas) so the app's entry can start
// requests before those schemas are built (startup/openEarly.ts).

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

// Writes carry this header; the server refuses cookie-authenticated writes without it (CSRF).
const CSRF = { 'x-requested-with': 'touchstone' };

export interface ApiInit {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
}

/** Sends the request; a network failure is an ApiError with status 0 (an abort stays an abort). */
export async function send(path: string, init: ApiInit = {}): Promise<Response> {
  const method = init.method ?? 'GET';
  try {
    return await fetch(path, {
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
}
