import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { ApiErrorBody, ErrorCode } from '../../domain/api/index.ts';
import { HttpError } from './errors.ts';

// One error shape for every failure: { error: { code, message, details } }, with a message a
// person can act on. Internal errors never leak their text to the caller.
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const send = (status: number, code: ErrorCode, message: string, details?: unknown) =>
      reply.code(status).send({ error: { code, message, ...(details === undefined ? {} : { details }) } } satisfies ApiErrorBody);

    if (err instanceof HttpError) return send(err.status, err.code, err.message, err.details);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'request';
      const issues = err.validation.map((v) => ({
        path: v.instancePath.replace(/^\//, '').replace(/\//g, '.') || where,
        message: v.message ?? 'is not valid',
      }));
      const first = issues[0];
      const summary = first ? `${first.path}: ${first.message}` : 'the request is not valid';
      return send(400, 'validation_failed', `The ${where} is not valid — ${summary}`, { issues });
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err }, 'response did not match its schema');
      return send(500, 'internal', 'Something went wrong on the server; the error was logged.');
    }
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(400, 'bad_request', 'The request body is not valid JSON.');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(415, 'unsupported_media_type', 'This endpoint does not accept that content type.');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(413, 'payload_too_large', 'The request body is too large.');
    }
    if (err.statusCode === 429) return send(429, 'rate_limited', err.message || 'Too many requests; try again shortly.');
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return send(err.statusCode, 'bad_request', err.message);
    req.log.error({ err }, 'unhandled error');
    return send(500, 'internal', 'Something went wrong on the server; the error was logged.');
  });

  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ error: { code: 'not_found', message: `There is no ${req.method} ${req.url.split('?')[0]} here.` } } satisfies ApiErrorBody),
  );
}
