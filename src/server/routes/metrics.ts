import { z } from 'zod';
import { requireAdmin } from '../auth/guard.ts';
import type { ZApp } from '../http/types.ts';
import type { Metrics } from '../http/metrics.ts';

/** Prometheus text format; who may read it and what it holds: http/metrics.ts. */
export function metricsRoutes(app: ZApp, metrics: Metrics): void {
  app.get(
    '/api/metrics',
    {
      schema: { response: { 200: z.string().describe('Prometheus text exposition format') } },
      serializerCompiler: () => (data) => data as string,
    },
    async (req, reply) => {
      requireAdmin(req);
      reply.type(metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  );
}
