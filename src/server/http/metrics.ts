// Prometheus metrics, one registry per app (tests run many apps in one process):
//   touchstone_http_request_duration_seconds{method,route,status_class}  every answered request
//   touchstone_sync_mutations_total{outcome,code}  applied / duplicate / rejected (by code)
//   touchstone_queue_fetches_total{status_class}   queue leases asked for
//   touchstone_deferred_backlog_rows{runner,state}, touchstone_deferred_backlog_oldest_seconds{runner}
//   touchstone_event_loop_delay_seconds{quantile}  how long the request thread was held (CPU work)
// Read at GET /api/metrics by instance administrators only: a session, or an administrator's
// personal access token (read-only is enough) as `Authorization: Bearer`, which is what a
// Prometheus scrape job sends. Counts and timings only: no user, project or item, nothing about gold.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { MutationResult } from '../../domain/api/index.ts';
import type { AppContext } from '../context.ts';
import { readBacklog } from '../deferred/backlog.ts';

export interface Metrics {
  registry: Registry;
  syncOutcomes: Counter<'outcome' | 'code'>;
}

const byContext = new WeakMap<AppContext, Metrics>();

/** The app's metrics; counting is a no-op outside a server (a context without installMetrics). */
export function metricsOf(ctx: AppContext): Metrics | undefined {
  return byContext.get(ctx);
}

/** Counts a sync batch's answers. */
export function countSyncResults(ctx: AppContext, results: readonly MutationResult[]): void {
  const m = metricsOf(ctx);
  if (!m) return;
  for (const r of results) m.syncOutcomes.inc({ outcome: r.status, code: r.status === 'rejected' ? r.code : '' });
}

const QUEUE_ROUTE = '/api/projects/:projectId/queue';
const statusClass = (code: number) => `${Math.floor(code / 100)}xx`;

export function installMetrics(app: FastifyInstance, ctx: AppContext): Metrics {
  const registry = new Registry();
  const latency = new Histogram({
    name: 'touchstone_http_request_duration_seconds',
    help: 'Time to answer a request, by route pattern and status class.',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const syncOutcomes = new Counter({
    name: 'touchstone_sync_mutations_total',
    help: 'Sync mutations answered, by outcome (applied, duplicate, rejected) and rejection code.',
    labelNames: ['outcome', 'code'] as const,
    registers: [registry],
  });
  const queueFetches = new Counter({
    name: 'touchstone_queue_fetches_total',
    help: 'Queue leases asked for, by status class.',
    labelNames: ['status_class'] as const,
    registers: [registry],
  });
  // Read from the database at each scrape, so every server sharing it reports the same backlog.
  new Gauge({
    name: 'touchstone_deferred_backlog_rows',
    help: 'Rows waiting for a deferred runner (pending) or set aside after their last try (parked).',
    labelNames: ['runner', 'state'] as const,
    registers: [registry],
    async collect() {
      const b = await readBacklog(ctx);
      this.set({ runner: 'scoring', state: 'pending' }, b.scoring.pending);
      this.set({ runner: 'scoring', state: 'parked' }, b.scoring.parked);
      this.set({ runner: 'agreement', state: 'pending' }, b.agreement.pending);
    },
  });
  new Gauge({
    name: 'touchstone_deferred_backlog_oldest_seconds',
    help: 'Age of the oldest row still waiting for a deferred runner.',
    labelNames: ['runner'] as const,
    registers: [registry],
    async collect() {
      const b = await readBacklog(ctx);
      this.set({ runner: 'scoring' }, b.scoring.oldestSeconds);
      this.set({ runner: 'agreement' }, b.agreement.oldestSeconds);
    },
  });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  new Gauge({
    name: 'touchstone_event_loop_delay_seconds',
    help: 'How late the request thread ran its timers since the last scrape (time it was held by work).',
    labelNames: ['quantile'] as const,
    registers: [registry],
    collect() {
      for (const q of [0.5, 0.99, 1]) this.set({ quantile: String(q) }, (q === 1 ? loop.max : loop.percentile(q * 100)) / 1e9);
      loop.reset();
    },
  });
  app.addHook('onClose', async () => loop.disable());

  app.addHook('onResponse', async (req: FastifyRequest, reply: FastifyReply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const status = statusClass(reply.statusCode);
    latency.observe({ method: req.method, route, status_class: status }, reply.elapsedTime / 1000);
    if (route === QUEUE_ROUTE && req.method === 'POST') queueFetches.inc({ status_class: status });
  });
  const metrics = { registry, syncOutcomes };
  byContext.set(ctx, metrics);
  return metrics;
}
