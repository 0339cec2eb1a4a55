import { describe, expect, it } from 'vitest';
import { e2eEnvironment, signIn, allWorkSent } from './harness.ts';

// An escalation from doubt to ruling in Chromium: the annotator escalates a text item while
// offline (with a tentative topic), comes back online and the outbox syncs; the lead opens the
// escalation queue, sees the item with the tentative label, rules with other labels and adds it
// to the gold set; the annotator sees the ruling in "My escalations". Every wait is on what the
// screen (or the API) shows, never on time.
describe('a lead rules on an offline escalation in Chromium', () => {
  const env = e2eEnvironment();

  it('escalated offline, synced, ruled with labels and promoted to gold; the annotator sees the outcome', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await signIn(context, env.server.url, 'annotator@touchstone.test');
    const projects = await page.request.get(`${env.server.url}/api/projects`).then((r) => r.json());
    const project = projects.projects.find((p: { kind: string }) => p.kind === 'text');
    await page.getByRole('link', { name: `Annotate ${project.name}` }).click();
    const doc = page.getByTestId('document-text');
    await doc.waitFor();
    // The service worker serves the app while offline.
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => page.getByRole('button', { name: 'Escalate' }).isEnabled()).toBe(true);
    const escalatedText = await doc.textContent();

    await context.setOffline(true);
    // A tentative topic (Sports, key 7), then E.
    await page.keyboard.press('7');
    await expect.poll(() => page.getByRole('button', { name: /Sports/ }).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('e');
    const dialog = page.getByRole('dialog', { name: 'Escalate this item' });
    await dialog.getByRole('radio', { name: 'Ambiguous between named labels' }).check();
    await dialog.getByRole('checkbox', { name: 'Sports' }).check();
    await dialog.getByRole('checkbox', { name: 'Business' }).check();
    await dialog.getByLabel('Note').fill('A club changes owners: sports or business?');
    await dialog.getByLabel('Guideline section it concerns').selectOption({ label: 'Business or politics?' });
    expect(await dialog.getByRole('checkbox', { name: /Include my current labels as tentative/ }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Escalate' }).click();
    await expect.poll(() => page.getByText(/Item escalated to a lead/).count()).toBe(1);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Sync now' }).textContent()).toMatch(/1 pending/);

    await context.setOffline(false);
    await allWorkSent(page, 30_000);

    // The lead's queue.
    const leadContext = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const lead = await signIn(leadContext, env.server.url, 'lead@touchstone.test');
    await lead.getByRole('link', { name: `Escalations of ${project.name}` }).click();
    const list = lead.getByRole('navigation', { name: 'Escalations' });
    await expect.poll(() => list.getByRole('button', { name: /Ada Annotator, ambiguous between named labels/ }).count(), { timeout: 20_000 }).toBe(1);
    const work = lead.getByRole('region', { name: 'Escalation' });
    await expect.poll(() => work.getByTestId('document-text').textContent(), { timeout: 20_000 }).toBe(escalatedText);
    expect(await work.textContent()).toContain('A club changes owners: sports or business?');
    expect(await work.textContent()).toContain('Business or politics?');
    expect(await work.textContent()).toContain('Sports or Business');
    // The annotator's tentative topic is loaded in the lead's editor; the lead picks Business instead.
    await expect.poll(() => work.getByRole('button', { name: /Sports/ }).getAttribute('aria-pressed')).toBe('true');
    await work.getByRole('button', { name: /Business/ }).click();
    await expect.poll(() => work.getByRole('button', { name: /Business/ }).getAttribute('aria-pressed')).toBe('true');
    await work.getByRole('textbox', { name: 'Explanation of the ruling' }).fill('A change of club owners is business (topic rule).');
    await work.getByRole('checkbox', { name: 'Add to gold set' }).check();
    await lead.screenshot({ path: '/tmp/escalation-ruling-lead.png' });
    await work.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => lead.getByText('No open escalations match these filters.').count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => lead.getByLabel('Open escalations').textContent()).toBe('0 open');

    // Resolved, by the lead, in the gold set with the ruling's explanation as its justification.
    await lead.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Resolved' });
    const decided = lead.getByRole('region', { name: 'Decided escalation' });
    await expect.poll(() => decided.textContent(), { timeout: 20_000 }).toContain('Lea Lead');
    expect(await decided.textContent()).toContain('class: Business');
    const gold = await lead.request.get(`${env.server.url}/api/projects/${project.id}/gold-set`).then((r) => r.json());
    expect(gold.entries.filter((e: { justification: string }) => e.justification === 'A change of club owners is business (topic rule).')).toHaveLength(1);
    await lead.screenshot({ path: '/tmp/escalation-ruling-decided.png' });
    await leadContext.close();

    // The annotator sees the outcome.
    await page.goto(`${env.server.url}/projects/${project.id}/my-escalations`);
    const mine = page.getByRole('list', { name: 'My escalations' });
    await expect.poll(() => mine.getByRole('listitem').filter({ hasText: 'Resolved' }).count(), { timeout: 20_000 }).toBe(1);
    const resolved = mine.getByRole('listitem').filter({ hasText: 'Resolved' });
    // The final labels are named once the project's label schema has loaded.
    await expect.poll(() => resolved.textContent(), { timeout: 20_000 }).toMatch(/Final labels: class: Business/);
    expect(await resolved.textContent()).toContain('A change of club owners is business (topic rule).');
    await page.screenshot({ path: '/tmp/escalation-ruling-annotator.png' });
    await context.close();
  });

  it('an image escalation with a tentative box: the lead filters by its label, sees the box, and returns it with Shift+R', async () => {
    const context = await env.browser.newContext();
    const page = await signIn(context, env.server.url, 'annotator@touchstone.test');
    const api = (path: string) => page.request.get(`${env.server.url}${path}`).then((r) => r.json());
    const project = (await api('/api/projects')).projects.find((p: { kind: string }) => p.kind === 'image');
    const detail = await api(`/api/projects/${project.id}`);
    const [item] = (
      await page.request
        .post(`${env.server.url}/api/projects/${project.id}/queue?limit=1`, { headers: { 'x-requested-with': 'touchstone' } })
        .then((r) => r.json())
    ).items;
    // The escalation as the outbox sends it (the editor's part is covered by escalate-annotator.test.ts).
    const box = { id: 't1', kind: 'box', label: 'cup', x: 10, y: 10, w: 50, h: 40, attributes: {} };
    const synced = await page.request.post(`${env.server.url}/api/sync`, {
      headers: { 'x-requested-with': 'touchstone' },
      data: {
        schemaVersion: 1,
        mutations: [
          {
            id: crypto.randomUUID(),
            type: 'escalation.create',
            projectId: project.id,
            itemId: item.id,
            guidelineVersionId: detail.guideline.id,
            reason: 'not_covered',
            note: 'Is the saucer part of the cup?',
            guidelineRef: 'cup-vs-utensil',
            tentative: { shapes: [box], spans: [], classes: [] },
            createdAt: new Date().toISOString(),
          },
        ],
      },
    });
    expect((await synced.json()).results[0].status).toBe('applied');

    const leadContext = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const lead = await signIn(leadContext, env.server.url, 'lead@touchstone.test');
    await lead.getByRole('link', { name: `Escalations of ${project.name}` }).click();
    await lead.getByRole('combobox', { name: 'Label' }).selectOption({ label: 'Utensil' });
    await expect.poll(() => lead.getByText('No open escalations match these filters.').count(), { timeout: 20_000 }).toBe(1);
    await lead.getByRole('combobox', { name: 'Label' }).selectOption({ label: 'Cup' });
    const list = lead.getByRole('navigation', { name: 'Escalations' });
    await expect.poll(() => list.getByRole('button', { name: /Ada Annotator, not covered by the guideline/ }).count(), { timeout: 20_000 }).toBe(1);
    const work = lead.getByRole('region', { name: 'Escalation' });
    await work.getByTestId('image-canvas').waitFor();
    await expect.poll(() => work.getByRole('list', { name: 'Shapes' }).getByRole('listitem').count()).toBe(1);
    expect(await work.getByRole('list', { name: 'Shapes' }).textContent()).toContain('Cup');
    expect(await work.textContent()).toContain('Cups and what is in them');
    await lead.screenshot({ path: '/tmp/escalation-ruling-image.png' });

    await work.getByRole('textbox', { name: 'Comment for the annotator' }).fill('Rule “Cups and what is in them”: the saucer stays out. Label it.');
    await work.getByRole('textbox', { name: 'Comment for the annotator' }).blur();
    await lead.keyboard.press('Shift+R');
    await expect.poll(() => lead.getByText('No open escalations match these filters.').count(), { timeout: 20_000 }).toBe(1);
    await lead.getByRole('button', { name: 'Queue shortcuts' }).click();
    await expect.poll(() => lead.getByRole('dialog', { name: 'Keyboard shortcuts' }).textContent()).toContain('Return the item to the annotator');
    await leadContext.close();

    const mine = await api(`/api/projects/${project.id}/my-escalations`);
    expect(mine.escalations[0]).toMatchObject({ status: 'returned', explanation: 'Rule “Cups and what is in them”: the saucer stays out. Label it.' });
    await context.close();
  });
});
