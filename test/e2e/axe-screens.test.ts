import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousA11yViolations } from './axe.ts';
import { e2eEnvironment, signIn } from './harness.ts';

// axe on every screen of every role, as each person meets it on the demo at 1366×768: nothing
// critical or serious anywhere. One run lists every screen's problems (an empty object passes).
const SCREENS: Record<string, { email: string; paths: (p: { image: string; text: string }) => string[] }> = {
  annotator: {
    email: 'annotator@touchstone.test',
    paths: ({ image, text }) => ['/', `/projects/${image}/annotate`, `/projects/${text}/annotate`, `/projects/${text}/my-escalations`],
  },
  lead: {
    email: 'lead@touchstone.test',
    paths: ({ image, text }) => [
      `/projects/${image}/dashboard`,
      `/projects/${text}/dashboard`,
      `/projects/${text}/agreement`,
      `/projects/${text}/items`,
      `/projects/${text}/escalations`,
      `/projects/${image}/settings`,
    ],
  },
  author: { email: 'author@touchstone.test', paths: ({ text }) => [`/projects/${text}/guideline`] },
  admin: { email: 'admin@touchstone.test', paths: () => ['/admin'] },
};

/** The screen has arrived: no request in flight and no loading line left. */
async function settled(page: Page) {
  await page.waitForLoadState('networkidle');
  await expect
    .poll(() =>
      page
        .getByRole('status')
        .filter({ hasText: /^Loading/ })
        .count(),
    )
    .toBe(0);
  await page.locator('main, h1').first().waitFor();
}

describe('axe on every screen, per role', () => {
  const env = e2eEnvironment();

  it('finds nothing critical or serious on any screen an annotator, lead, author or admin opens', async () => {
    const { projects } = await env.getJson('lead@touchstone.test', '/api/projects');
    const ids = {
      image: projects.find((p: { kind: string }) => p.kind === 'image').id as string,
      text: projects.find((p: { kind: string }) => p.kind === 'text').id as string,
    };
    const problems: Record<string, string[]> = {};
    for (const [role, { email, paths }] of Object.entries(SCREENS)) {
      const context = await env.browser.newContext({ viewport: { width: 1366, height: 768 } });
      const page = await signIn(context, env.server.url, email);
      for (const path of paths(ids)) {
        await page.goto(`${env.server.url}${path}`);
        await settled(page);
        const found = await seriousA11yViolations(page);
        if (found.length) problems[`${role} ${path.replace(ids.image, 'IMAGE').replace(ids.text, 'TEXT')}`] = found;
      }
      await context.close();
    }
    expect(problems).toEqual({});
  });
});
