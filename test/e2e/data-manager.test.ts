import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeProblems, describeAxe } from './axe.ts';
import { e2eEnvironment, signIn } from './harness.ts';

// The lead's data manager in Chromium: an annotator has labelled some items of the text project and
// escalated one; the lead filters "Escalated", opens that item, then chooses three labelled items
// and sends them to review (the review stage is off: what already exists is reviewed), and the
// filter "In review" shows exactly those three. The screen passes axe with nothing serious.
const CSRF = { 'x-requested-with': 'touchstone' };

describe('the data manager in Chromium', () => {
  const env = e2eEnvironment();

  /** The annotator's queue (a lease: GET, or POST where the server takes it that way). */
  async function queue(page: Page, projectId: string) {
    const url = `${env.server.url}/api/projects/${projectId}/queue?limit=12`;
    let res = await page.request.get(url);
    if (res.status() === 404 || res.status() === 405) res = await page.request.post(url, { data: {}, headers: CSRF });
    return ((await res.json()) as { items: Array<{ id: string }> }).items;
  }

  it('a lead filters escalated, opens an item, and sends three items to review', async () => {
    const annotatorCtx = await env.browser.newContext();
    const annotator = await signIn(annotatorCtx, env.server.url, 'annotator@touchstone.test');
    const { projects } = await annotator.request.get(`${env.server.url}/api/projects`).then((r) => r.json());
    const project = projects.find((p: { kind: string }) => p.kind === 'text');
    const detail = await annotator.request.get(`${env.server.url}/api/projects/${project.id}`).then((r) => r.json());
    const items = await queue(annotator, project.id);
    expect(items.length).toBeGreaterThanOrEqual(8);
    const now = new Date().toISOString();
    const submit = (itemId: string) => ({
      id: randomUUID(),
      type: 'annotation.submit',
      projectId: project.id,
      itemId,
      guidelineVersionId: detail.guideline.id,
      payload: { shapes: [], spans: [], classes: ['sports'] },
      startedAt: now,
      submittedAt: now,
      durationMs: 4000,
    });
    const escalated = items[7]!.id;
    const mutations = [
      ...items.slice(0, 7).map((i) => submit(i.id)),
      {
        id: randomUUID(),
        type: 'escalation.create',
        projectId: project.id,
        itemId: escalated,
        guidelineVersionId: detail.guideline.id,
        reason: 'not_covered',
        note: 'Not in the guideline.',
        guidelineRef: '',
        createdAt: now,
      },
    ];
    const synced = await annotator.request.post(`${env.server.url}/api/sync`, { data: { schemaVersion: 1, mutations }, headers: CSRF });
    expect(synced.status()).toBe(200);
    await annotatorCtx.close();

    const context = await env.browser.newContext({ viewport: { width: 1366, height: 768 } });
    const lead = await signIn(context, env.server.url, 'lead@touchstone.test');
    await lead.goto(`${env.server.url}/projects/${project.id}/data`);
    await lead.getByRole('link', { name: 'Browse items (data manager)' }).click();
    const table = lead.getByRole('table', { name: 'Items' });
    await table.waitFor();
    const rows = table.locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(8);

    // 1. Filter "Escalated": the one escalated item; open it.
    await lead.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Escalated' });
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Escalated');
    await rows.first().getByRole('button').click();
    const opened = lead.getByRole('region', { name: /^Item / });
    await opened.waitFor();
    await expect.poll(() => opened.getByRole('heading', { name: /Revisions/ }).textContent()).toMatch(/Revisions \(\d+\)/);
    expect(await opened.getByText('Escalated').count()).toBeGreaterThan(0);
    expect(describeAxe(await axeProblems(lead))).toEqual([]);

    // 2. Filter "Labelled": choose three live (not gold) items and send them to review.
    await lead.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Labelled' });
    await expect.poll(async () => (await rows.allTextContents()).every((t) => t.includes('Labelled'))).toBe(true);
    const live = (await rows.allTextContents())
      .map((t, i) => ({ t, i }))
      .filter((r) => !r.t.includes('gold'))
      .slice(0, 3);
    expect(live).toHaveLength(3);
    for (const r of live) await rows.nth(r.i).getByRole('checkbox').check();
    await lead.getByRole('button', { name: /^Send 3 to review/ }).click();
    await expect.poll(() => lead.getByRole('status').filter({ hasText: 'sent to review' }).textContent()).toMatch(/^3 labels sent to review/);

    // 3. "In review" lists exactly those three, and the review screen has them waiting.
    await lead.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'In review' });
    await expect.poll(() => rows.count()).toBe(3);
    const reviews = await lead.request.get(`${env.server.url}/api/projects/${project.id}/reviews`).then((r) => r.json());
    expect(reviews.open).toBe(3);
    await lead.screenshot({ path: '/tmp/data-manager-e2e.png' });
    await context.close();
  });
});
