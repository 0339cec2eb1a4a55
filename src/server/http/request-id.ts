// Every request has an id: the caller's X-Request-Id when it is a short plain token (a proxy's, so
// one id follows a request through both logs), else a new UUID. Fastify's logger puts it on every
// line the request logs (`requestId`), the answer echoes it in X-Request-Id, and work a request
// queues for later (gold scoring) keeps it, so a failure logged minutes later names the request.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

export const REQUEST_ID_HEADER = 'x-request-id';
// No spaces, quotes or line breaks: the id is written into logs as it came.
const PLAIN = /^[A-Za-z0-9._:-]{1,64}$/;

/** Fastify's genReqId. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && PLAIN.test(given) ? given : randomUUID();
}

export function installRequestIds(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    reply.header(REQUEST_ID_HEADER, req.id);
  });
}

const current = new AsyncLocalStorage<string>();

/** Runs `work` with `id` as the request id that queued work records (see currentRequestId). */
export const withRequestId = <T>(id: string, work: () => T): T => current.run(id, work);

/** The id of the request whose work is running, or null (background work, the CLI). */
export const currentRequestId = (): string | null => current.getStore() ?? null;
