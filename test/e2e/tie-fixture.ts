import { fromHandle, toHandle } from '../../src/server/queue/handles.ts';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { E2E_SESSION_SECRET, signIn, type E2eEnv } from './harness.ts';

/** One box through /api/sync as the page's signed-in annotator (the outbox's wire format). */
async function submitBox(env: E2eEnv, page: Page, projectId: string, itemId: string, guidelineVersionId: string, label: string, x: number) {
  const now = new Date();
  const res = await page.request.post(`${env.server.url}/api/sync`, {
    headers: { 'x-requested-with': 'touchstone' },
    data: {
      schemaVersion: 1,
      mutations: [
        {
          id: randomUUID(),
          type: 'annotation.submit',
          projectId,
          itemId,
          guidelineVersionId,
          payload: { shapes: [{ id: `b-${label}`, kind: 'box', label, x, y: 10, w: 40, h: 30, attributes: {} }], spans: [], classes: [] },
          startedAt: new Date(now.getTime() - 5000).toISOString(),
          submittedAt: now.toISOString(),
          durationMs: 5000,
        },
      ],
    },
  });
  expect(res.status(), await res.text()).toBe(200);
}

/**
 * A disagreement on the demo image project: the lead sets overlap 2 on every item, both demo
 * annotators are served the same live item, and box the same spot as person and as cup (in that order).
 */
export async function personCupTie(env: E2eEnv) {
  const url = env.server.url;
  const a1 = await signIn(await env.browser.newContext(), url, 'annotator@touchstone.test');
  const a2 = await signIn(await env.browser.newContext(), url, 'annotator2@touchstone.test');
  const { projects } = await a1.request.get(`${url}/api/projects`).then((r) => r.json());
  const image = projects.find((p: { kind: string }) => p.kind === 'image') as { id: string; name: string };
  const detail = await a1.request.get(`${url}/api/projects/${image.id}`).then((r) => r.json());
  const lead = await signIn(await env.browser.newContext({ viewport: { width: 1300, height: 900 } }), url, 'lead@touchstone.test');
  const set = await lead.request.put(`${url}/api/projects/${image.id}/queue-settings`, {
    headers: { 'x-requested-with': 'touchstone' },
    data: { overlap: 2, overlapShare: 1 },
  });
  expect(set.status(), await set.text()).toBe(200);
  // Each annotator is served their own handles: read back to real ids (as the server does) to find an item both got.
  const ids = async (p: Page) => {
    const userId = (await p.request.get(`${url}/api/auth/me`).then((r) => r.json())).user.id as string;
    const scope = { secret: E2E_SESSION_SECRET, projectId: image.id, userId };
    const served = (
      (await p.request.post(`${url}/api/projects/${image.id}/queue?limit=20`, { headers: { 'x-requested-with': 'touchstone' } }).then((r) => r.json()))
        .items as { id: string }[]
    ).map((i) => fromHandle(scope, 'item', i.id));
    return Object.assign(served, { handleOf: (real: string) => toHandle(scope, 'item', real) });
  };
  const [q1, q2] = [await ids(a1), await ids(a2)];
  // Hidden gold is served to everyone, so both queues can share a gold item; agreement and ties
  // leave gold out (it is scored against its answer), so the tie must be on a live item.
  const gold = new Set(
    ((await lead.request.get(`${url}/api/projects/${image.id}/gold-set`).then((r) => r.json())).entries as { itemId: string }[]).map((e) => e.itemId),
  );
  expect(gold.size).toBeGreaterThan(0);
  const itemId = q1.find((id) => q2.includes(id) && !gold.has(id))!;
  expect(itemId).toBeDefined();
  await submitBox(env, a1, image.id, q1.handleOf(itemId), detail.guideline.id, 'person', 10);
  await submitBox(env, a2, image.id, q2.handleOf(itemId), detail.guideline.id, 'cup', 12);
  return { lead, image, itemId };
}
