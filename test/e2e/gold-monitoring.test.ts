import { describe, expect, it } from 'vitest';
import { e2eEnvironment, signIn, allWorkSent } from './harness.ts';

// Hidden gold, end to end: an annotator works the text queue (gold items mixed in without a
// trace), always answering "Sports"; the lead's dashboard, which showed nothing scored before,
// then shows exactly the gold items among that work scored, and the annotator's accuracy.
describe('hidden gold in Chromium', () => {
  const env = e2eEnvironment();
  const LEAD = 'lead@touchstone.test';

  it('an annotator works a queue with hidden gold and the lead sees the accuracy move', async () => {
    const projects = await env.getJson(LEAD, '/api/projects');
    const text = projects.projects.find((p: { kind: string }) => p.kind === 'text');

    const leadContext = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const lead = await signIn(leadContext, env.server.url, LEAD);
    // Gold at its highest rate, so the few demo items surely hold some (live order is random, and
    // at the demo's rate a short run could draw none: the test failed that way once).
    const set = await lead.request.put(`${env.server.url}/api/projects/${text.id}/queue-settings`, {
      data: { goldRate: 0.5, goldMinGap: 0 },
      headers: { 'x-requested-with': 'touchstone' },
    });
    expect(set.status()).toBe(200);
    await lead.goto(`${env.server.url}/projects/${text.id}/dashboard`);
    await expect.poll(() => lead.getByText(/gold answers scored/).textContent()).toMatch(/ 0 gold answers scored/);

    const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await signIn(context, env.server.url, 'annotator@touchstone.test');
    await page.getByRole('link', { name: `Annotate ${text.name}` }).click();
    const progress = page.getByLabel('Queue progress');
    await expect.poll(() => progress.textContent()).toMatch(/0 done/);
    let done = 0;
    while (done < 30) {
      await expect
        .poll(async () => (await page.getByTestId('document-text').count()) + (await page.getByRole('heading', { name: 'Your queue is empty' }).count()))
        .toBe(1);
      if ((await page.getByRole('heading', { name: 'Your queue is empty' }).count()) === 1) break;
      await page.keyboard.press('7');
      await expect.poll(() => page.getByRole('button', { name: /Sports/ }).getAttribute('aria-pressed')).toBe('true');
      await page.keyboard.press('Control+Enter');
      done += 1;
      await expect.poll(() => progress.textContent()).toMatch(new RegExp(`^${done} done`));
    }
    await allWorkSent(page);

    // What the dashboard must show: the gold items among what the annotator submitted, each scored.
    const gold = await env.getJson(LEAD, `/api/projects/${text.id}/gold-set`);
    const goldIds = new Set<string>(gold.entries.map((g: { itemId: string }) => g.itemId));
    const mine = await env.getJson(LEAD, `/api/projects/${text.id}/annotations`);
    const goldDone = mine.annotations.filter((a: { itemId: string }) => goldIds.has(a.itemId)).length;
    expect(mine.annotations.length).toBe(done);
    expect(goldDone).toBeGreaterThan(0);

    // Scoring runs a few seconds after sync commits (off the request path, so gold and live
    // submissions take the same time): wait until the server has scored them all.
    const scoredOnServer = async () => {
      const view = await env.getJson(LEAD, `/api/projects/${text.id}/dashboard?bucket=day`);
      return view.throughput.reduce((s: number, t: { n: number }) => s + t.n, 0);
    };
    await expect.poll(scoredOnServer, { timeout: 15_000, interval: 250 }).toBe(goldDone);
    await lead.reload();
    await expect.poll(() => lead.getByText(/gold answers scored/).textContent()).toMatch(new RegExp(` ${goldDone} gold answers scored`));
    const heatmap = lead.getByRole('table', { name: /accuracy per label/i });
    await expect.poll(() => heatmap.getByRole('rowheader', { name: 'Ada Annotator' }).count()).toBeGreaterThan(0);
    const versions = lead.getByRole('table', { name: /Gold accuracy per guideline version/ });
    await expect.poll(() => versions.getByRole('row', { name: /Ada Annotator/ }).textContent()).toMatch(new RegExp(`n ${goldDone}`));
    await context.close();
    await leadContext.close();
  });
});
