import type { FastifyInstance } from 'fastify';
import type { Role } from '../../domain/api/index.ts';
import { requireAdmin, requireProjectRole } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Roles one of which the caller must hold in the route's `:projectId`, checked when the request
     * arrives — before its body is read. Routes that accept large bodies (imports) declare it, so a
     * caller who may not import is refused without the server reading or parsing megabytes first.
     * The handler still checks (and gets the project) as every route does.
     */
    projectRoles?: readonly Role[];
    /** Instance administrators only, checked the same way before the body is read. */
    instanceAdmin?: boolean;
  }
}

export function installEarlyRoleCheck(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.config.instanceAdmin) requireAdmin(req);
    const roles = req.routeOptions.config.projectRoles;
    if (!roles || !req.user) return;
    const projectId = (req.params as { projectId?: unknown } | undefined)?.projectId;
    if (typeof projectId !== 'string') return;
    await requireProjectRole(ctx, req.user, projectId, roles);
  });
}
