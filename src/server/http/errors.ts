import type { ErrorCode } from '../../domain/api/index.ts';
import { errorStatus } from '../../domain/api/index.ts';

/** An error meant for the caller: its message is written for a person and sent as is. */
export class HttpError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.status = errorStatus[code];
  }
}

export const notFound = (what: string) => new HttpError('not_found', `${what} was not found`);
export const forbidden = (message: string) => new HttpError('forbidden', message);
