import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { e2eEnvironment, signIn, allWorkSent } from './harness.ts';

// Versioned guidelines end to end: an annotator labels under 1.0; the author publishes a
// label-changing 2.0 in the UI (impact shown first); the annotator sees the banner, cannot submit
// until acknowledging, and finds the affected item back in the queue.
describe('guideline versions in Chromium', () => {
  const env = e2eEnvironment();

  const progress = (page: Page) => page.getByLabel('Queue progress').textContent();

  it('an author publishes a major update; the annotator acknowledges it and redoes the affected item', async () => {
    // 1. The annotator classifies the first text item as Sports under 1.0.
    const aCtx = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const annotator = await signIn(aCtx, env.server.url, 'annotator@touchstone.test');
    const projects = await annotator.request.get(`${env.server.url}/api/projects`).then((r) => r.json());
    const textProject = projects.projects.find((p: { kind: string }) => p.kind === 'text');
    await annotator.getByRole('link', { name: `Annotate ${textProject.name}` }).click();
    const doc = annotator.getByTestId('document-text');
    await doc.waitFor();
    const firstText = await doc.textContent();
    await annotator.keyboard.press('7'); // Sports
    await expect.poll(() => annotator.getByRole('button', { name: /Sports/ }).getAttribute('aria-pressed')).toBe('true');
    await annotator.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => progress(annotator)).toMatch(/^1 done/);
    await allWorkSent(annotator);
    expect(await doc.textContent()).not.toBe(firstText);

    // 2. The author edits the draft and publishes a label-changing update for Sports.
    const uCtx = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const author = await signIn(uCtx, env.server.url, 'author@touchstone.test');
    await author.getByRole('link', { name: `Edit the guideline of ${textProject.name}` }).click();
    const body = author.getByLabel('Text (markdown)').first();
    await body.fill('Tag every named entity as a span. **E-sports** count as Sports.');
    await author.getByRole('tab', { name: 'Preview' }).click();
    await expect.poll(() => author.getByText('E-sports').count()).toBe(1);
    await author.getByRole('button', { name: 'Publish…' }).click();
    const dialog = author.getByRole('dialog', { name: 'Publish the draft' });
    await dialog.getByLabel(/Label-changing update/).check();
    await dialog.getByLabel('Sports').check();
    await expect
      .poll(() => dialog.locator('.impact').textContent())
      .toMatch(/^Impact: 1 existing label \(1 item, 1 annotator\) go back for re-annotation; \d+ gold answers? leave scoring/);
    await author.screenshot({ path: '/tmp/guide-publish.png' });
    await dialog.getByLabel(/Changelog/).fill('E-sports now count as Sports.');
    await dialog.getByRole('button', { name: 'Publish 2.0' }).click();
    await expect.poll(() => author.getByRole('status').first().textContent()).toMatch(/Published version 2\.0\. 1 label\(s\) went back/);
    await author.getByRole('tab', { name: 'History' }).click();
    await expect.poll(() => author.getByLabel('Differences').textContent()).toMatch(/E-sports/);
    await author.screenshot({ path: '/tmp/guide-history.png' });

    // 3. The annotator reloads: the banner holds submitting until acknowledged.
    await annotator.reload();
    const banner = annotator.getByRole('region', { name: 'New guideline version' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain('E-sports now count as Sports.');
    await expect.poll(() => annotator.getByRole('button', { name: 'Submit' }).isDisabled()).toBe(true);
    // The item labelled under 1.0 is to do again (the queue refresh brought it back).
    await expect.poll(() => progress(annotator)).toMatch(/^0 done/);
    // The hotkey cannot get round the block either.
    await annotator.keyboard.press('Control+Enter');
    await annotator.getByText('Acknowledge guideline version 2.0 before submitting.').waitFor();
    expect(await progress(annotator)).toMatch(/^0 done/);
    await annotator.screenshot({ path: '/tmp/guide-banner.png' });
    await banner.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => banner.count()).toBe(0);
    await expect.poll(() => annotator.getByText('Acknowledge guideline version 2.0 before submitting.').count()).toBe(0);
    await expect.poll(() => annotator.getByRole('button', { name: 'Submit' }).isEnabled()).toBe(true);

    // 4. The affected item is back: after the item on screen, it comes next, marked as such.
    await annotator.keyboard.press('8'); // Science
    await annotator.getByRole('button', { name: 'Submit' }).click();
    const note = annotator.getByText(/Back for re-annotation: guideline v2\.0 changed sports/);
    await note.waitFor();
    expect(await doc.textContent()).toBe(firstText);
    // It opens with the annotator's previous answer (Sports), the class listed as to redo.
    await expect.poll(() => annotator.getByRole('button', { name: /Sports/ }).getAttribute('aria-pressed')).toBe('true');
    expect(await annotator.getByRole('list', { name: 'To redo' }).textContent()).toMatch(/Sports — Guideline v2\.0: E-sports now count as Sports\./);
    await annotator.screenshot({ path: '/tmp/guide-reannotate.png' });
    await annotator.getByRole('button', { name: 'Submit' }).click();
    await allWorkSent(annotator);

    // The server has the redo under 2.0 and the acknowledgement.
    const lCtx = await env.browser.newContext();
    const lead = await signIn(lCtx, env.server.url, 'lead@touchstone.test');
    const read = await lead.request.get(`${env.server.url}/api/projects/${textProject.id}/annotations`).then((r) => r.json());
    const versions = read.annotations.map((a: { revision: number; guidelineVersion: string }) => `${a.revision}@${a.guidelineVersion}`).sort();
    expect(versions).toEqual(['1@1.0', '1@2.0', '2@2.0']);
    const ack = await annotator.request.get(`${env.server.url}/api/projects/${textProject.id}/guideline/ack`).then((r) => r.json());
    expect(ack).toMatchObject({ acknowledged: true, required: false, current: { version: '2.0' } });
    await Promise.all([aCtx.close(), uCtx.close(), lCtx.close()]);
  });
});
