import { createHmac, randomBytes } from 'node:crypto';
import type { AppContext } from '../context.ts';

// Every secret handed to a person or a program (session cookies, one-time links, access tokens) is
// random, and the database keeps only its keyed hash (HMAC with SESSION_SECRET): a leaked dump hands
// out nothing that works, and write access to the database alone cannot plant a working secret.
export function keyedHash(ctx: AppContext, secret: string): string {
  const key = ctx.config.sessionSecret;
  if (!key) throw new Error('no session secret configured (SESSION_SECRET); checkStartup should have refused to start');
  return createHmac('sha256', key).update(secret).digest('hex');
}

/** 256 random bits, URL-safe; a prefix says what it is to a person (or a secret scanner) who finds one. */
export const newSecret = (prefix = '') => prefix + randomBytes(32).toString('base64url');
