import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from './context.ts';
import { installErrorHandling } from './http/error-handler.ts';
import { installSecurity } from './http/security.ts';
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
import { itemRoutes } from './routes/items.ts';
import { syncRoutes } from './routes/sync.ts';
import { guidelineRoutes } from './routes/guidelines.ts';
import { guidelineAckRoutes } from './routes/guideline-acks.ts';
import { goldSetRoutes } from './routes/gold-sets.ts';
import { dashboardViewRoutes } from './routes/dashboard-view.ts';
import { dataExportRoutes } from './routes/data-export.ts';
import { itemImportRoutes } from './routes/item-import.ts';
import { preAnnotationRoutes } from './routes/pre-annotations.ts';

/** Builds the HTTP server: API routes, the OpenAPI document and (when built) the client. */
export async function buildApp(ctx: AppContext): Promise<ZApp> {
  const app = Fastify({
    logger: { level: ctx.config.logLevel },
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: { info: { title: 'Touchstone API', version: '1.0.0', description: 'Annotation workbench with hidden-gold monitoring' } },
    transform: jsonSchemaTransform,
  });
  installSecurity(app, ctx);

  app.get('/api/health', { config: { public: true }, schema: { response: { 200: z.object({ ok: z.literal(true) }) } } }, async () => ({ ok: true as const }));
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
    preAnnotationRoutes,
    queueSettingsRoutes,
    adjudicationRoutes,
    agreementRoutes,
    escalationRoutes,
    escalationFigureRoutes,
    guidelineProposalRoutes,
    reviewRoutes,
    itemRoutes,
  ];
  for (const routes of routeModules) routes(app, ctx);

  const clientDir = ctx.config.clientDir;
  if (clientDir && existsSync(path.join(clientDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: clientDir, wildcard: false, index: ['index.html'] });
    // Client-side routes (/projects/…) get the app shell; unknown /api paths stay JSON 404s.
    app.get('/*', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
      if (req.url.startsWith('/api/')) return reply.callNotFound();
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  }
  return app;
}
