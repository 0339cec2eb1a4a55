import { describe, expect, it } from 'vitest';
import { e2eEnvironment, signIn, allWorkSent } from './harness.ts';

// The annotator's side of an escalation in Chromium: escalate offline with E, see it waiting to
// sync in "My escalations", come back online, a lead returns it, and the annotator sees the
// lead's comment there and gets the item back in the queue with the comment on it.
describe('escalating as an annotator in Chromium', () => {
  const env = e2eEnvironment();

  it('escalates offline, syncs when online, and gets the returned item back with the comment', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await signIn(context, env.server.url, 'annotator2@touchstone.test');
    const projects = await page.request.get(`${env.server.url}/api/projects`).then((r) => r.json());
    const textProject = projects.projects.find((p: { kind: string }) => p.kind === 'text');
    await page.getByRole('link', { name: `Annotate ${textProject.name}` }).click();
    const doc = page.getByTestId('document-text');
    await doc.waitFor();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 20_000 }).toBe(true);
    const firstText = await doc.textContent();

    await context.setOffline(true);
    await page.keyboard.press('e');
    const dialog = page.getByRole('dialog', { name: 'Escalate this item' });
    await dialog.getByRole('radio', { name: 'Ambiguous between named labels' }).check();
    await dialog.getByRole('checkbox', { name: 'Person' }).check();
    await dialog.getByRole('checkbox', { name: 'Organisation' }).check();
    await dialog.getByLabel('Note').fill('Is the club a person or an organisation here?');
    await page.screenshot({ path: '/tmp/escalate-dialog.png' });
    await dialog.getByRole('button', { name: 'Escalate' }).click();
    await expect.poll(() => page.getByText(/Item escalated to a lead/).count()).toBe(1);
    await expect.poll(() => doc.textContent()).not.toBe(firstText);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Sync now' }).textContent()).toMatch(/1 pending/);
    await page.screenshot({ path: '/tmp/escalate-after.png' });

    await page.getByRole('link', { name: 'My escalations' }).click();
    const list = page.getByRole('list', { name: 'My escalations' });
    await expect.poll(() => list.getByRole('listitem').filter({ hasText: 'Waiting to sync' }).count(), { timeout: 20_000 }).toBe(1);

    await context.setOffline(false);
    await expect.poll(() => list.getByRole('listitem').filter({ hasText: 'Open — waiting for a lead' }).count(), { timeout: 30_000 }).toBe(1);
    expect(await list.getByRole('listitem').filter({ hasText: 'Waiting to sync' }).count()).toBe(0);
    expect(await list.textContent()).toContain('Person or Organisation');

    // A lead returns it (the lead's screen is tested elsewhere; here the API is enough).
    const leadContext = await env.browser.newContext();
    const lead = await signIn(leadContext, env.server.url, 'lead@touchstone.test');
    const open = await lead.request.get(`${env.server.url}/api/projects/${textProject.id}/escalations`).then((r) => r.json());
    expect(open.escalations).toHaveLength(1);
    const decided = await lead.request.post(`${env.server.url}/api/projects/${textProject.id}/escalations/${open.escalations[0].id}/decision`, {
      headers: { 'x-requested-with': 'touchstone' },
      data: { action: 'return', explanation: 'A club is an organisation (rule 3). Label it yourself.' },
    });
    expect(decided.status()).toBe(200);
    await leadContext.close();

    await page.reload();
    await expect.poll(() => list.getByRole('listitem').filter({ hasText: 'Returned to you' }).count(), { timeout: 20_000 }).toBe(1);
    expect(await list.textContent()).toContain('A club is an organisation (rule 3).');
    await page.screenshot({ path: '/tmp/escalate-mine.png' });

    // Back in the queue (the return re-opened it: nothing counts as done any more). Which item
    // opens first depends on whether this tab claimed its next item before the queue refresh
    // came back; if it is not the returned one, the returned one comes right after it.
    await page.getByRole('link', { name: 'Back to annotating' }).click();
    await expect.poll(() => page.getByLabel('Queue progress').textContent()).toMatch(/^0 done/);
    await doc.waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Escalate' }).isEnabled()).toBe(true);
    const note = page.getByText(/Returned by a lead: A club is an organisation/);
    if ((await note.count()) === 0) {
      await page.keyboard.press('7');
      await expect.poll(() => page.getByRole('button', { name: /Sports/ }).getAttribute('aria-pressed')).toBe('true');
      await page.keyboard.press('Control+Enter');
    }
    await expect.poll(() => note.count(), { timeout: 20_000 }).toBe(1);
    expect(await doc.textContent()).toBe(firstText);
    await page.screenshot({ path: '/tmp/escalate-returned.png' });
    await context.close();
  });

  it('escalates an image item with E: the canvas moves on to the next image, and the lead sees the escalation', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await signIn(context, env.server.url, 'annotator@touchstone.test');
    const projects = await page.request.get(`${env.server.url}/api/projects`).then((r) => r.json());
    const imageProject = projects.projects.find((p: { kind: string }) => p.kind === 'image');
    await page.getByRole('link', { name: `Annotate ${imageProject.name}` }).click();
    await page.getByTestId('image-canvas').waitFor();
    await expect.poll(() => page.getByLabel('Queue progress').textContent()).toMatch(/^0 done/);
    await expect.poll(() => page.getByRole('button', { name: 'Escalate' }).isEnabled()).toBe(true);
    await page.keyboard.press('e');
    const dialog = page.getByRole('dialog', { name: 'Escalate this item' });
    await dialog.getByRole('radio', { name: 'Bad or unreadable asset' }).check();
    await dialog.getByLabel('Note').fill('Too dark to see anything.');
    await dialog.getByRole('button', { name: 'Escalate' }).click();
    await expect.poll(() => page.getByLabel('Queue progress').textContent()).toMatch(/^1 done/);
    await expect.poll(() => page.getByText(/Item escalated to a lead/).count()).toBe(1);
    await allWorkSent(page);
    const lead = await env.getJson('lead@touchstone.test', `/api/projects/${imageProject.id}/escalations`);
    expect(lead.escalations).toEqual([expect.objectContaining({ reason: 'bad_asset', note: 'Too dark to see anything.' })]);
    await context.close();
  });
});
