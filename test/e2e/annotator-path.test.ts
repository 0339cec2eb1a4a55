import { describe, expect, it } from 'vitest';
import { e2eEnvironment, signIn, allWorkSent } from './harness.ts';

// The annotator's path, end to end: sign in → queue → draw / classify → submit → next item,
// with a reload in the middle of the queue losing nothing.
describe('annotator path in Chromium', () => {
  const env = e2eEnvironment();

  const leadGet = (path: string) => env.getJson('lead@touchstone.test', path);

  it('draws a box on an image, submits, moves to the next item; the server has it', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await signIn(context, env.server.url, 'annotator@touchstone.test');
    const projects = await page.request.get(`${env.server.url}/api/projects`).then((r) => r.json());
    const imageProject = projects.projects.find((p: { kind: string }) => p.kind === 'image');
    await page.getByRole('link', { name: `Annotate ${imageProject.name}` }).click();
    const canvas = page.getByTestId('image-canvas');
    await canvas.waitFor();
    await expect.poll(() => page.getByLabel('Queue progress').textContent()).toMatch(/0 done/);

    await page.getByRole('button', { name: /Cup/ }).click();
    const bounds = (await canvas.boundingBox())!;
    await page.mouse.move(bounds.x + bounds.width / 2 - 60, bounds.y + bounds.height / 2 - 40);
    await page.mouse.down();
    await page.mouse.move(bounds.x + bounds.width / 2 + 60, bounds.y + bounds.height / 2 + 40, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => page.getByText(/^1 label/).count()).toBe(1);

    await page.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => page.getByLabel('Queue progress').textContent()).toMatch(/1 done/);
    await allWorkSent(page);

    const read = await leadGet(`/api/projects/${imageProject.id}/annotations`);
    expect(read.annotations).toHaveLength(1);
    const shape = read.annotations[0].payload.shapes[0];
    expect(shape.label).toBe('cup');
    expect(shape.w).toBeGreaterThan(10);
    expect(read.annotations[0].guidelineVersion).toBe('1.0');
    await context.close();
  });

  it('classifies text, reloads mid-queue without losing the draft or the queue, and submits', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await signIn(context, env.server.url, 'annotator2@touchstone.test');
    const projects = await page.request.get(`${env.server.url}/api/projects`).then((r) => r.json());
    const textProject = projects.projects.find((p: { kind: string }) => p.kind === 'text');
    await page.getByRole('link', { name: `Annotate ${textProject.name}` }).click();
    const doc = page.getByTestId('document-text');
    await doc.waitFor();

    // First item: classify by hotkey and submit.
    await page.keyboard.press('7');
    await expect.poll(() => page.getByRole('button', { name: /Sports/ }).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByLabel('Queue progress').textContent()).toMatch(/1 done/);

    // Second item: choose a class, reload before submitting — the draft survives.
    const secondText = await doc.textContent();
    await page.getByRole('button', { name: /Science/ }).click();
    await page.reload();
    await doc.waitFor();
    expect(await doc.textContent()).toBe(secondText);
    await expect.poll(() => page.getByRole('button', { name: /Science/ }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.getByLabel('Queue progress').textContent()).toMatch(/1 done/);
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => page.getByLabel('Queue progress').textContent()).toMatch(/2 done/);
    await allWorkSent(page);

    const read = await leadGet(`/api/projects/${textProject.id}/annotations`);
    const mine = read.annotations.map((a: { payload: { classes: string[] } }) => a.payload.classes[0]).sort();
    expect(mine).toEqual(['science', 'sports']);

    // Another device of the same annotator counts what the server holds, not what this browser did.
    const elsewhere = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const second = await signIn(elsewhere, env.server.url, 'annotator2@touchstone.test');
    await second.getByRole('link', { name: `Annotate ${textProject.name}` }).click();
    await second.getByTestId('document-text').waitFor();
    await expect.poll(() => second.getByLabel('Queue progress').textContent()).toMatch(/^2 done/);
    await elsewhere.close();
    await context.close();
  });
});
