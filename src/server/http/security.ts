import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SESSION_COOKIE, sessionUser } from '../auth/sessions.ts';
import { bearerUser } from '../auth/tokens.ts';
import type { AppContext } from '../context.ts';
import { HttpError } from './errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route answers callers without a session (login, health, the OpenAPI document). */
    public?: boolean;
  }
}

export const CSRF_HEADER = 'x-requested-with';
export const CSRF_VALUE = 'touchstone';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The path the guards judge: the route pattern the router matched (the router decodes `%61pi` to
 * `api`, so the raw URL would let an encoded path skip every guard), or the decoded path when no
 * route matched.
 */
export function routedPath(req: FastifyRequest): string {
  return req.routeOptions.url ?? decodedPath(req);
}

export function decodedPath(req: FastifyRequest): string {
  const raw = req.url.split('?')[0] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export const isApiPath = (req: FastifyRequest) => routedPath(req).startsWith('/api/');

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Konva and React set styles through the CSSOM; inline style attributes stay allowed, scripts do not.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  // blob: so the image editor can read back the bytes of an image kept offline (its own blob: URL)
  // and make the zoom levels off the main thread (editor/image/layers/mipmaps.ts).
  "connect-src 'self' blob:",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Default deny: every /api route needs a session unless it says it is public. */
export function installSecurity(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('user', undefined);
  app.addHook('onRequest', async (req) => {
    if (!isApiPath(req)) return;
    // A personal access token (auth/tokens.ts): browsers never attach it on their own, so no CSRF header.
    if (req.headers.authorization !== undefined) {
      req.user = await bearerUser(ctx, req.headers.authorization, req.method);
      return;
    }
    // Cookie-authenticated writes must carry a header a cross-site form cannot set; together
    // with SameSite=Strict cookies this closes cross-site request forgery.
    if (UNSAFE.has(req.method) && req.headers[CSRF_HEADER] !== CSRF_VALUE) {
      throw new HttpError('forbidden', `Write requests must carry the header "${CSRF_HEADER}: ${CSRF_VALUE}".`);
    }
    req.user = await sessionUser(ctx, req.cookies[SESSION_COOKIE]);
    if (!req.user && !req.routeOptions.config.public && req.routeOptions.url) {
      throw new HttpError('unauthenticated', 'You are not signed in, or your session has expired. Sign in again.');
    }
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    return payload;
  });
}
