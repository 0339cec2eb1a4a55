import { randomBytes } from 'node:crypto';
import { uuidv7 } from '../../src/domain/ids.ts';
import { describe, expect, it } from 'vitest';
import { e2eEnvironment, signIn } from './harness.ts';

// Escalation figures and guideline-change proposals in Chromium: an annotator escalates (through
// the sync API), the lead's dashboard shows the escalation figures, a lead's proposal reaches the
// guideline author's Inbox with the escalation behind it, and the author accepts it naming the
// version that settled it. Every wait is on what the screen shows, never on time.
const CSRF = { 'x-requested-with': 'touchstone' };

describe('escalation figures and the author’s inbox in Chromium', () => {
  const env = e2eEnvironment();

  it('figures on the lead dashboard; a proposal in the author’s inbox, accepted', async () => {
    const annotatorContext = await env.browser.newContext();
    const annotator = await signIn(annotatorContext, env.server.url, 'annotator@touchstone.test');
    const projects = await annotator.request.get(`${env.server.url}/api/projects`).then((r) => r.json());
    const project = projects.projects.find((p: { kind: string }) => p.kind === 'text');
    const detail = await annotator.request.get(`${env.server.url}/api/projects/${project.id}`).then((r) => r.json());
    const queue = await annotator.request
      .post(`${env.server.url}/api/projects/${project.id}/queue?limit=2`, { headers: { 'x-requested-with': 'touchstone' } })
      .then((r) => r.json());
    const itemId = queue.items[0].id as string;
    // Made now: the server refuses a change id older than its ledger keeps (sync/ledger-expiry.ts).
    const mutationId = uuidv7(Date.now(), randomBytes(10));
    const synced = await annotator.request.post(`${env.server.url}/api/sync`, {
      headers: CSRF,
      data: {
        schemaVersion: 1,
        mutations: [
          {
            id: mutationId,
            type: 'escalation.create',
            projectId: project.id,
            itemId,
            guidelineVersionId: detail.guideline.id,
            reason: 'not_covered',
            note: 'Transfer fees: sports or business?',
            guidelineRef: 'topic-default',
            createdAt: new Date().toISOString(),
          },
        ],
      },
    });
    expect(synced.status()).toBe(200);
    const escalationId = (await synced.json()).results[0].result.revisionId as string;
    await annotatorContext.close();

    // The lead's dashboard: the escalation figures panel with its tables.
    const leadContext = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const lead = await signIn(leadContext, env.server.url, 'lead@touchstone.test');
    await lead.goto(`${env.server.url}/projects/${project.id}/dashboard`);
    const panel = lead.getByRole('region', { name: 'Escalation figures' });
    const byAnnotator = panel.getByRole('table', { name: /Escalation rate per annotator/ });
    await expect.poll(() => byAnnotator.getByRole('row', { name: /Ada Annotator/ }).textContent(), { timeout: 20_000 }).toMatch(/^Ada Annotator1/);
    await expect
      .poll(() =>
        panel
          .getByRole('table', { name: /Open escalations by age/ })
          .getByRole('row', { name: /Under 4 h/ })
          .textContent(),
      )
      .toBe('Under 4 h1');
    expect(await panel.textContent()).toContain('No open escalation is older than 48 h.');
    await panel.scrollIntoViewIfNeeded();
    await lead.screenshot({ path: '/tmp/escalation-figures-dashboard.png', fullPage: true });

    // The lead proposes a guideline change from the escalation (the API the lead screen's dialog calls).
    const proposed = await lead.request.post(`${env.server.url}/api/projects/${project.id}/guideline-proposals`, {
      headers: CSRF,
      data: { escalationIds: [escalationId], sectionId: 'topic-default', text: 'Transfer fees are Business unless a government acts.' },
    });
    expect(proposed.status()).toBe(201);
    await leadContext.close();

    // The author's Inbox.
    const authorContext = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const author = await signIn(authorContext, env.server.url, 'author@touchstone.test');
    await author.goto(`${env.server.url}/projects/${project.id}/guideline`);
    await author.getByRole('tab', { name: 'Inbox' }).click();
    const card = author.getByRole('article', { name: /Section “Business or politics\?”/ });
    await expect.poll(() => card.count(), { timeout: 20_000 }).toBe(1);
    expect(await card.textContent()).toContain('Transfer fees are Business unless a government acts.');
    expect(await card.textContent()).toContain('Transfer fees: sports or business?');
    expect(await card.textContent()).toContain('Not covered by the guideline');
    await expect.poll(() => card.getByRole('option', { name: /v1\.0/ }).count()).toBe(1);
    await card.getByLabel('Settled by version').selectOption({ label: (await card.getByRole('option', { name: /v1\.0/ }).textContent()) ?? '' });
    await author.screenshot({ path: '/tmp/escalation-proposal-inbox.png', fullPage: true });
    await card.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => author.getByText('No open proposals.').count(), { timeout: 20_000 }).toBe(1);
    await author.getByRole('button', { name: 'Accepted' }).click();
    await expect
      .poll(() => author.getByRole('article', { name: /Accepted/ }).textContent(), { timeout: 20_000 })
      .toContain('Accepted by Otto Author · settled by v1.0');
    await authorContext.close();
  });
});
