import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousA11yViolations } from './axe.ts';
import { e2eEnvironment, allWorkSent } from './harness.ts';

// A new team adopts Touchstone on its own data: a production server (no demo) on an empty data
// directory, the first administrator made from the setup link the server logs, an image project
// with its own labels made in the UI, an annotator and a lead invited by link, the lead uploads
// images, the annotator labels them, the lead sees the work and exports COCO with the team's names.
// Every new screen is checked with axe on the way: nothing critical or serious.
const PASSWORD = 'correct horse battery staple';
const PROJECT = 'Street signs';

describe('a team of its own, in Chromium', () => {
  const env = e2eEnvironment({ env: { DEMO: '0', LOG_LEVEL: 'info' }, startTimeoutMs: 110_000 });

  const checkA11y = async (page: Page, what: string) => expect(await seriousA11yViolations(page), what).toEqual([]);

  async function acceptInvitation(ctx: BrowserContext, link: string, name: string): Promise<Page> {
    const page = await ctx.newPage();
    await page.goto(link);
    await page.getByRole('heading', { name: 'Join Touchstone' }).waitFor();
    await checkA11y(page, 'invitation page');
    await page.getByRole('textbox', { name: 'Display name' }).fill(name);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Repeat the password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create my account' }).click();
    const alert = page.getByRole('alert');
    await page.getByRole('heading', { name: 'Your projects' }).or(alert).first().waitFor();
    expect(await alert.count(), `invitation refused: ${await alert.allTextContents()}\n${env.server.output().slice(-4000)}`).toBe(0);
    return page;
  }

  async function addLabel(page: Page, n: number, name: string, tools: string[], attribute: { kind: string; name: string; options?: string }) {
    await page.getByRole('button', { name: 'Add label' }).click();
    const group = page.getByRole('group', { name: `Label ${n}`, exact: true });
    await group.getByRole('textbox', { name: 'Name' }).fill(name);
    for (const tool of tools) await group.getByRole('checkbox', { name: tool }).check();
    await page.getByRole('button', { name: `Add attribute to ${name}` }).click();
    const attr = page.getByRole('group', { name: `${name} attribute 1` });
    await attr.getByRole('combobox', { name: 'Kind' }).selectOption({ label: attribute.kind });
    await attr.getByRole('textbox', { name: 'Attribute name' }).fill(attribute.name);
    if (attribute.options) await attr.getByRole('textbox', { name: 'Options, one per line' }).fill(attribute.options);
  }

  it('goes from an empty server to a COCO export with the project’s own categories', async () => {
    const { url } = env.server;
    const admin = await (await env.browser.newContext({ viewport: { width: 1300, height: 900 } })).newPage();

    // First run: the sign-in page says how; the setup link from the log makes the administrator.
    await admin.goto(`${url}/login`);
    const notice = admin.getByRole('region', { name: 'No administrator yet' });
    await expect.poll(() => notice.textContent()).toContain('npm run admin -- create-admin');
    await checkA11y(admin, 'sign-in page with the first-run notice');
    // The server prints the link just after it says it is ready.
    const findSetupLink = () => /https?:\/\/\S+\/setup\/[^\s"'\\]+/.exec(env.server.output())?.[0];
    await expect.poll(findSetupLink, { message: 'the server log names a setup link' }).toBeTruthy();
    const setupLink = findSetupLink();
    await admin.goto(setupLink!.replace(/^https?:\/\/[^/]+/, url));
    await admin.getByRole('heading', { name: 'Create the first administrator' }).waitFor();
    await checkA11y(admin, 'first administrator page');
    await admin.getByRole('textbox', { name: 'Email' }).fill('ops@team.test');
    await admin.getByRole('textbox', { name: 'Display name' }).fill('Olga Ops');
    await admin.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await admin.getByLabel('Repeat the password').fill(PASSWORD);
    await admin.getByRole('button', { name: 'Create administrator' }).click();
    await admin.getByRole('heading', { name: 'Your projects' }).waitFor();

    // An image project with three labels of its own, each with an attribute.
    await admin.getByRole('link', { name: 'New project' }).click();
    await admin.getByRole('heading', { name: 'New project' }).waitFor();
    await admin.getByRole('textbox', { name: 'Project name' }).fill(PROJECT);
    await admin.getByRole('radio', { name: /^Images/ }).check();
    await addLabel(admin, 1, 'Stop sign', [], { kind: 'Yes / no', name: 'occluded' });
    await addLabel(admin, 2, 'Speed limit', [], { kind: 'One of a list', name: 'limit', options: '30\n50\n70' });
    await addLabel(admin, 3, 'Give way', ['Polygon'], { kind: 'Free text', name: 'note' });
    await admin.getByRole('textbox', { name: 'Guideline text (Markdown)' }).fill('Box every traffic sign you can read.');
    await checkA11y(admin, 'new project form');
    await admin.getByRole('button', { name: 'Create project' }).click();
    await admin.getByRole('navigation', { name: 'Project' }).waitFor();
    const projectId = /\/projects\/([0-9a-f-]{36})\//.exec(admin.url())![1]!;

    // Invitations: an annotator and a lead, each a one-time link.
    await admin.getByRole('link', { name: 'Administration' }).click();
    await admin.getByRole('heading', { name: 'Administration' }).waitFor();
    const invite = async (email: string, role: string) => {
      const form = admin.getByRole('form', { name: 'Invite someone' });
      await form.getByRole('textbox', { name: 'Email' }).fill(email);
      await form.getByRole('checkbox', { name: `${role} in ${PROJECT}` }).check();
      await form.getByRole('button', { name: 'Create invitation link' }).click();
      const link = admin.getByRole('textbox', { name: `Invitation link for ${email}` });
      await link.waitFor();
      return link.inputValue();
    };
    const annotatorLink = await invite('ann@team.test', 'Annotator');
    const leadLink = await invite('lee@team.test', 'Lead');
    await checkA11y(admin, 'administration screen');

    // The lead joins and uploads images on the Data screen.
    const leadCtx = await env.browser.newContext({ viewport: { width: 1300, height: 900 }, acceptDownloads: true });
    const lead = await acceptInvitation(leadCtx, leadLink.replace(/^https?:\/\/[^/]+/, url), 'Lee Lead');
    await lead.getByRole('link', { name: `Dashboard of ${PROJECT}` }).click();
    await lead.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Data' }).click();
    await lead.getByRole('heading', { name: /^Data — / }).waitFor();
    const pngs = await Promise.all(
      ['#cc3333', '#33cc33'].map((bg) =>
        sharp({ create: { width: 320, height: 240, channels: 3, background: bg } })
          .png()
          .toBuffer(),
      ),
    );
    await lead.getByLabel('Images', { exact: true }).setInputFiles(pngs.map((buffer, i) => ({ name: `sign-${i + 1}.png`, mimeType: 'image/png', buffer })));
    await lead.getByRole('button', { name: 'Upload images' }).click();
    await expect.poll(() => lead.getByRole('status', { name: 'Import report' }).textContent()).toMatch(/Imported 2 of 2\./);
    await lead.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Members' }).click();
    await lead.getByRole('heading', { name: 'Members' }).waitFor();
    await checkA11y(lead, 'members screen');

    // The annotator joins through the link and labels both images with the project's labels.
    const annCtx = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const annotator = await acceptInvitation(annCtx, annotatorLink.replace(/^https?:\/\/[^/]+/, url), 'Ann Annotator');
    await annotator.getByRole('link', { name: `Annotate ${PROJECT}` }).click();
    const canvas = annotator.getByTestId('image-canvas');
    await canvas.waitFor();
    for (const [i, label] of [/^Stop sign/, /^Speed limit/].entries()) {
      await expect.poll(() => annotator.getByLabel('Queue progress').textContent()).toMatch(new RegExp(`${i} done`));
      await annotator.getByRole('button', { name: label }).click();
      const b = (await canvas.boundingBox())!;
      await annotator.mouse.move(b.x + b.width / 2 - 50, b.y + b.height / 2 - 40);
      await annotator.mouse.down();
      await annotator.mouse.move(b.x + b.width / 2 + 50, b.y + b.height / 2 + 40, { steps: 5 });
      await annotator.mouse.up();
      await annotator.getByRole('button', { name: 'Submit' }).click();
    }
    await expect.poll(() => annotator.getByLabel('Queue progress').textContent()).toMatch(/2 done/);
    await allWorkSent(annotator);

    // The lead sees the work on the dashboard and exports COCO with the project's own names.
    await lead.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Dashboard' }).click();
    await lead.getByRole('heading', { name: `Dashboard · ${PROJECT}` }).waitFor();
    // Her two items, worked, on the dashboard's per-annotator table (figures are rolled up after the sync: reload until they are).
    const workedByAnn = async () => {
      await lead.reload();
      const row = lead.getByRole('table', { name: /^Escalation rate per annotator/ }).getByRole('row', { name: /Ann Annotator/ });
      await row.or(lead.getByText('Nothing worked yet.').first()).first().waitFor();
      return (await row.count()) ? row.getByRole('cell').nth(1).textContent() : null;
    };
    await expect.poll(workedByAnn, { timeout: 30_000 }).toBe('2');
    const annotations = await lead.request.get(`${url}/api/projects/${projectId}/annotations`).then((r) => r.json());
    expect(annotations.annotations.map((a: { payload: { shapes: Array<{ label: string }> } }) => a.payload.shapes[0]!.label).sort()).toEqual([
      'speed-limit',
      'stop-sign',
    ]);
    await lead.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Data' }).click();
    await lead.getByLabel('Export format').selectOption('coco');
    const [download] = await Promise.all([lead.waitForEvent('download'), lead.getByRole('link', { name: 'Download export' }).click()]);
    const exported = readFileSync((await download.path())!, 'utf8');
    for (const name of ['Stop sign', 'Speed limit', 'Give way']) expect(exported).toContain(`"name":"${name}"`);

    // The account screen: a token shown once.
    await lead.getByRole('link', { name: /^Account: / }).click();
    await lead.getByRole('heading', { name: 'Your account' }).waitFor();
    await lead.getByRole('textbox', { name: 'Token name' }).fill('nightly export');
    await lead.getByRole('button', { name: 'Create token' }).click();
    await lead.getByRole('textbox', { name: 'Access token nightly export' }).waitFor();
    await checkA11y(lead, 'account screen');
    await Promise.all([admin.context().close(), leadCtx.close(), annCtx.close()]);
  }, 300_000); // a whole team's first day, on a loaded machine
});
