import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from './context.ts';
import { createCpuPool } from './cpu/pool.ts';
import { installErrorHandling } from './http/error-handler.ts';
import { readBacklog } from './deferred/backlog.ts';
import { installEarlyRoleCheck } from './http/early-roles.ts';
import { installMetrics } from './http/metrics.ts';
import { installRequestIds, requestIdOf } from './http/request-id.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { decodedPath, installSecurity } from './http/security.ts';
import { installCredentialLimits, installUserLimits } from './http/user-limits.ts';
import { SESSION_COOKIE } from './auth/sessions.ts';
import type { ZApp } from './http/types.ts';
import { annotationRoutes } from './routes/annotations.ts';
import { assetRoutes } from './routes/assets.ts';
import { auditRoutes } from './routes/audit.ts';
import { authRoutes } from './routes/auth.ts';
import { projectRoutes } from './routes/projects.ts';
import { queueRoutes } from './routes/queue.ts';
import { queueSettingsRoutes } from './routes/queue-settings.ts';
import { adjudicationRoutes } from './routes/adjudications.ts';
import { agreementRoutes } from './routes/agreement.ts';
import { escalationRoutes } from './routes/escalations.ts';
import { escalationFigureRoutes } from './routes/escalation-figures.ts';
import { guidelineProposalRoutes } from './routes/guideline-proposals.ts';
import { reviewRoutes } from './routes/reviews.ts';
import { adminRoutes } from './routes/admin.ts';
import { memberRoutes } from './routes/members.ts';
import { projectAdminRoutes } from './routes/project-admin.ts';
import { setupRoutes } from './routes/setup.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { installTokenProjectLimits } from './auth/tokens.ts';
import { installArchivedGuard } from './projects/archive.ts';
import { itemRoutes } from './routes/items.ts';
import { syncRoutes } from './routes/sync.ts';
import { guidelineRoutes } from './routes/guidelines.ts';
import { guidelineAckRoutes } from './routes/guideline-acks.ts';
import { goldSetRoutes } from './routes/gold-sets.ts';
import { dashboardViewRoutes } from './routes/dashboard-view.ts';
import { dataExportRoutes } from './routes/data-export.ts';
import { itemImportRoutes } from './routes/item-import.ts';
import { labelImportRoutes } from './routes/label-import.ts';
import { scheduleLedgerExpiry } from './sync/ledger-expiry.ts';

/** Builds the HTTP server: API routes, the OpenAPI document and (when built) the client. */
export async function buildApp(ctx: AppContext): Promise<ZApp> {
  const app = Fastify({
    logger: { level: ctx.config.logLevel },
    genReqId: requestIdOf,
    // genReqId reads the header itself, so an id with spaces or line breaks is replaced, not logged.
    requestIdHeader: false,
    requestIdLogLabel: 'requestId',
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  ctx.log ??= app.log;
  if (!ctx.cpu && ctx.config.cpuThreads > 0) {
    const cpu = (ctx.cpu = createCpuPool(ctx.config.cpuThreads, (e) => app.log.error({ err: e }, 'a worker thread failed')));
    // Registered first, so it runs last: onClose hooks run in reverse order, and the routes' hooks
    // (the scoring runner's final flush) still need the threads.
    app.addHook('onClose', async () => {
      if (ctx.cpu === cpu) ctx.cpu = undefined;
      await cpu.close();
    });
  }
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  installRequestIds(app);
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: { info: { title: 'Touchstone API', version: '1.0.0', description: 'Annotation workbench with hidden-gold monitoring' } },
    transform: jsonSchemaTransform,
  });
  installCredentialLimits(app, ctx, SESSION_COOKIE);
  installSecurity(app, ctx);
  installTokenProjectLimits(app);
  installArchivedGuard(app, ctx);
  installUserLimits(app, ctx);
  installEarlyRoleCheck(app, ctx);
  const metrics = installMetrics(app, ctx);

  // Public: load balancers ask it. The backlog is counts and an age, nothing about anyone's work.
  const Backlog = z.object({
    scoring: z.object({ pending: z.number(), parked: z.number(), oldestSeconds: z.number() }),
    agreement: z.object({ pending: z.number(), oldestSeconds: z.number() }),
  });
  app.get('/api/health', { config: { public: true }, schema: { response: { 200: z.object({ ok: z.literal(true), backlog: Backlog }) } } }, async () => ({
    ok: true as const,
    backlog: await readBacklog(ctx),
  }));
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  const routeModules = [
    authRoutes,
    projectRoutes,
    queueRoutes,
    assetRoutes,
    syncRoutes,
    annotationRoutes,
    auditRoutes,
    guidelineRoutes,
    guidelineAckRoutes,
    goldSetRoutes,
    dashboardViewRoutes,
    dataExportRoutes,
    itemImportRoutes,
    labelImportRoutes,
    queueSettingsRoutes,
    adjudicationRoutes,
    agreementRoutes,
    escalationRoutes,
    escalationFigureRoutes,
    guidelineProposalRoutes,
    reviewRoutes,
    setupRoutes,
    adminRoutes,
    tokenRoutes,
    projectAdminRoutes,
    memberRoutes,
    itemRoutes,
  ];
  for (const routes of routeModules) routes(app, ctx);
  // The idempotency ledger expires hourly (sync/ledger-expiry.ts states the replay guarantee).
  const stopLedgerExpiry = scheduleLedgerExpiry(ctx, (e) => app.log.error({ err: e }, 'ledger expiry failed; it runs again within the hour'));
  app.addHook('onClose', async () => stopLedgerExpiry());
  metricsRoutes(app, metrics);

  const clientDir = ctx.config.clientDir;
  if (clientDir && existsSync(path.join(clientDir, 'index.html'))) {
    // preCompressed: the build's .br and .gz copies go to browsers that accept them (vite.config.ts).
    await app.register(fastifyStatic, { root: clientDir, wildcard: false, index: ['index.html'], preCompressed: true });
    // Client-side routes (/projects/…) get the app shell; unknown /api paths stay JSON 404s.
    app.get('/*', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
      if (decodedPath(req).startsWith('/api/')) return reply.callNotFound();
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  }
  return app;
}
