import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, removeDir, signIn, startServer, type RunningServer } from './harness.ts';

// The side-by-side view: two annotators box the same image with different labels; a lead opens
// the agreement screen on that item and sees each annotator's shape, named, in the legend and overlay.
describe('agreement side-by-side view in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (server) removeDir(server.dataDir);
  });

  const submit = async (page: Page, projectId: string, itemId: string, guidelineVersionId: string, label: string, x: number) => {
    const now = new Date();
    const res = await page.request.post(`${server.url}/api/sync`, {
      headers: { 'x-requested-with': 'touchstone' },
      data: {
        schemaVersion: 1,
        mutations: [{
          id: randomUUID(), type: 'annotation.submit', projectId, itemId, guidelineVersionId,
          payload: { shapes: [{ id: `b-${label}`, kind: 'box', label, x, y: 10, w: 40, h: 30, attributes: {} }], spans: [], classes: [] },
          startedAt: new Date(now.getTime() - 5000).toISOString(), submittedAt: now.toISOString(), durationMs: 5000,
        }],
      },
    });
    expect(res.status(), await res.text()).toBe(200);
  };

  it('shows each annotator’s shapes with their names', async () => {
    const a1 = await signIn(await browser.newContext(), server.url, 'annotator@touchstone.test');
    const a2 = await signIn(await browser.newContext(), server.url, 'annotator2@touchstone.test');
    const { projects } = await a1.request.get(`${server.url}/api/projects`).then((r) => r.json());
    const image = projects.find((p: { kind: string }) => p.kind === 'image');
    const detail = await a1.request.get(`${server.url}/api/projects/${image.id}`).then((r) => r.json());
    // Overlap 2 on every item, so both annotators are assigned the same items.
    const lead = await signIn(await browser.newContext({ viewport: { width: 1300, height: 900 } }), server.url, 'lead@touchstone.test');
    const set = await lead.request.put(`${server.url}/api/projects/${image.id}/queue-settings`, { headers: { 'x-requested-with': 'touchstone' }, data: { overlap: 2, overlapShare: 1 } });
    expect(set.status(), await set.text()).toBe(200);
    const ids = async (p: Page) => ((await p.request.get(`${server.url}/api/projects/${image.id}/queue?limit=20`).then((r) => r.json())).items as { id: string }[]).map((i) => i.id);
    const [q1, q2] = [await ids(a1), await ids(a2)];
    const itemId = q1.find((id) => q2.includes(id))!;
    expect(itemId).toBeDefined();
    await submit(a1, image.id, itemId, detail.guideline.id, 'person', 10);
    await submit(a2, image.id, itemId, detail.guideline.id, 'cup', 12);

    const view = await lead.request.get(`${server.url}/api/projects/${image.id}/agreement/items/${itemId}`).then((r) => r.json());
    const names = (view.answers as { displayName: string }[]).map((a) => a.displayName);
    expect(names).toHaveLength(2);

    await lead.goto(`${server.url}/`);
    await lead.getByRole('link', { name: `Agreement of ${image.name}` }).click();
    await lead.getByRole('heading', { name: 'Agreement', exact: true }).waitFor();
    await lead.goto(`${server.url}/projects/${image.id}/agreement?item=${itemId}`);
    const side = lead.getByRole('region', { name: 'Side-by-side answers' });
    await side.waitFor();
    const legend = side.getByRole('list', { name: 'Legend' });
    for (const n of names) await expect.poll(() => legend.textContent()).toContain(n);
    const overlay = side.getByRole('img', { name: "Each annotator's shapes" });
    const labels = await overlay.locator('rect').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    const personBy = view.answers.find((a: { payload: { shapes: { label: string }[] } }) => a.payload.shapes[0]?.label === 'person').displayName;
    const cupBy = view.answers.find((a: { payload: { shapes: { label: string }[] } }) => a.payload.shapes[0]?.label === 'cup').displayName;
    expect(labels.sort()).toEqual([`${cupBy}: cup`, `${personBy}: person`].sort());
    const strokes = await overlay.locator('rect').evaluateAll((els) => els.map((e) => e.getAttribute('stroke')));
    expect(new Set(strokes).size).toBe(2);
    await lead.screenshot({ path: '/tmp/agreement-side-by-side.png', fullPage: true });
  });
});
