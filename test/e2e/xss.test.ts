// Stored XSS in Chromium: classic payloads written into every field a user writes and
// others see — project and label names, attribute options, item text and metadata, guideline
// markdown (titles, bodies, example reasons, changelogs), escalation notes and the lead's answer,
// gold justifications, display names — then every screen that renders them is opened as the
// person who would see it. None may run: no dialog, window.__xss never set, no Content Security
// Policy violation (so the CSP is not what saved us), and no element carrying an event-handler
// attribute, an inline script or a javascript: URL. Each screen must also show a payload as
// plain text, so a screen that silently dropped the field cannot pass.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { LabelSchema } from '../../src/domain/api/index.ts';
import { uuidv7 } from '../../src/domain/ids.ts';
import { loadConfig } from '../../src/server/config.ts';
import { defaultContext } from '../../src/server/context.ts';
import { openDatabase } from '../../src/server/db/client.ts';
import { seedDemo } from '../../src/server/seed/demo.ts';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-content.ts';
import { addTextItem, createProject, createUser, grantRole } from '../../src/server/admin/create.ts';
import { e2eEnvironment, signIn } from './harness.ts';

const PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=2">',
  '<svg onload="window.__xss=3"></svg>',
  '<a href="javascript:window.__xss=4">x</a>',
  '[md link](javascript:window.__xss=5)',
  '![md img](javascript:window.__xss=6)',
  '&lt;img src=x onerror=window.__xss=7&gt;',
  '<noscript><p title="</noscript><img src=x onerror=alert(8)>">',
  '<details open ontoggle=alert(9)>',
  '"><iframe src=javascript:alert(10)>',
  '<a href="jav&#x09;ascript:alert(11)">y</a>',
] as const;
const ALL = PAYLOADS.join(' ');
/** Shown as text wherever the field renders; only an escaping renderer shows the raw tag. */
const VISIBLE = '<script>window.__xss=1</script>';
const PROJECT_NAME = `XSS ${PAYLOADS[0]} ${PAYLOADS[1]}`;
const ANNOTATOR = 'annotator@touchstone.test';
const LEAD = 'lead@touchstone.test';
const AUTHOR = 'author@touchstone.test';
const EVIL = 'evil@touchstone.test';

const schema: LabelSchema = {
  labels: [
    ...PAYLOADS.slice(0, 6).map((p, i) => ({ id: `s${i}`, name: p.slice(0, 64), color: '#e6194b', tools: ['span' as const], attributes: [] })),
    ...PAYLOADS.slice(6).map((p, i) => ({ id: `c${i}`, name: p.slice(0, 64), color: '#4363d8', tools: ['class' as const], attributes: [] })),
  ],
  classMode: 'single',
  allowOverlappingSpans: false,
  snapSpansToTokens: true,
};

describe('stored XSS payloads do not run anywhere they are shown', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'touchstone-xss-'));
  const ids = { project: '', version: '', items: [] as string[] };

  // Seeded before the server starts (e2eEnvironment's beforeAll runs after this one).
  beforeAll(async () => {
    const database = await openDatabase({ dataDir });
    const ctx = defaultContext(database.db, loadConfig({ DATA_DIR: dataDir }));
    const demo = await seedDemo(ctx);
    const sections = [
      { id: 'd1', kind: 'definition' as const, title: PAYLOADS[1], body: PAYLOADS.map((p) => `- ${p}`).join('\n') + `\n\n${ALL}`, labels: [] },
      { id: 'r1', kind: 'rule' as const, title: PAYLOADS[5], body: `[click](javascript:window.__xss=12) <b onmouseover=alert(13)>b</b>`, labels: [] },
    ];
    const project = await createProject(ctx, { name: PROJECT_NAME, kind: 'text', labelSchema: schema, sections });
    ids.project = project.id;
    ids.version = project.guidelineVersionId;
    for (let k = 0; k < 4; k++) ids.items.push(await addTextItem(ctx, ctx.db, project.id, `${k}: ${ALL}`, { source: ALL, file: PAYLOADS[1] }));
    for (const [email, role] of [
      [ANNOTATOR, 'annotator'],
      [LEAD, 'lead'],
      [AUTHOR, 'author'],
    ] as const)
      await grantRole(ctx, project.id, demo.userIds[email]!, role);
    const evil = await createUser(ctx, { email: EVIL, displayName: `Eve ${PAYLOADS[1]}`, password: DEMO_PASSWORD });
    await grantRole(ctx, project.id, evil, 'annotator');
    await database.close();
  }, 120_000);
  const env = e2eEnvironment({ dataDir, env: { DEMO: '0' } });

  /** The API as a demo user, from Node (cookie + CSRF header), for the writes others will see. */
  async function api(email: string) {
    const login = await fetch(`${env.server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'touchstone' },
      body: JSON.stringify({ email, password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    return async (method: string, url: string, body?: unknown) => {
      const res = await fetch(`${env.server.url}${url}`, {
        method,
        headers: { cookie, 'x-requested-with': 'touchstone', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
      return { status: res.status, body: json };
    };
  }

  beforeAll(async () => {
    const p = ids.project;
    // The author publishes 1.1 with payloads in the sections and the changelog (annotators read it).
    const author = await api(AUTHOR);
    const sections = [
      { id: 'd1', kind: 'definition', title: PAYLOADS[2], body: ALL, labels: [] },
      { id: 'e1', kind: 'example', title: PAYLOADS[3], body: ALL, labels: [], itemId: ids.items[3], reason: ALL },
      { id: 'c1', kind: 'counter_example', title: PAYLOADS[7]!.slice(0, 60), body: ALL, labels: [], itemId: ids.items[3], reason: PAYLOADS[4] },
    ];
    expect((await author('PUT', `/api/projects/${p}/guideline/draft`, { baseVersionId: ids.version, sections })).status).toBe(200);
    const pub = await author('POST', `/api/projects/${p}/guideline/publish`, { kind: 'clarification', changelog: ALL, baseVersionId: ids.version });
    expect(pub.status).toBe(200);
    const v11 = pub.body.version.id as string;

    // The lead turns reviews on and writes a gold justification.
    const lead = await api(LEAD);
    expect((await lead('PUT', `/api/projects/${p}/review-settings`, { reviewRate: 1 })).status).toBe(200);
    const gold = await lead('PUT', `/api/projects/${p}/gold-set/items/${ids.items[2]}`, {
      answer: { shapes: [], spans: [], classes: ['c0'] },
      justification: ALL,
    });
    expect(gold.status).toBe(200);

    // Eve (display name with a payload) submits a label; the annotator escalates with a payload note.
    const now = new Date().toISOString();
    for (const [email, kind] of [
      [EVIL, 'submit'],
      [ANNOTATOR, 'escalate'],
    ] as const) {
      const call = await api(email);
      expect((await call('POST', `/api/projects/${p}/guideline/ack`, { versionId: v11 })).status).toBe(200);
      // Two of the four items each; a live one (not the gold item 2), so Eve's label is sampled for review.
      const queue = await call('POST', `/api/projects/${p}/queue?limit=2`);
      const itemId = (queue.body.items as Array<{ id: string; text: string }>).find((i) => !i.text.startsWith('2: '))!.id;
      const base = { id: uuidv7(Date.now(), randomBytes(10)), projectId: p, itemId, guidelineVersionId: v11 };
      const mutation =
        kind === 'submit'
          ? { ...base, type: 'annotation.submit', payload: { shapes: [], spans: [], classes: ['c1'] }, startedAt: now, submittedAt: now, durationMs: 1000 }
          : { ...base, type: 'escalation.create', reason: 'other', note: ALL.slice(0, 2000), guidelineRef: '', createdAt: now };
      const res = await call('POST', '/api/sync', { schemaVersion: 1, mutations: [mutation] });
      expect(res.body.results[0].status).toBe('applied');
      if (kind === 'escalate') {
        const esc = res.body.results[0].result.revisionId as string;
        expect((await lead('POST', `/api/projects/${p}/escalations/${esc}/decision`, { action: 'return', explanation: ALL })).status).toBe(200);
      }
    }
    // Eve's label is sampled for review a second or three after her sync commits.
    await vi.waitFor(async () => expect((await lead('GET', `/api/projects/${p}/reviews`)).body.open).toBe(1), { timeout: 15_000, interval: 250 });
  }, 120_000);

  /** Opens `url` as `email`, waits for `expected` to be shown as text, and checks nothing ran. */
  async function visit(email: string, url: string, expected: string | RegExp) {
    const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const dialogs: string[] = [];
    await context.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`),
      );
    });
    try {
      const page: Page = await signIn(context, env.server.url, email);
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      const response = await page.goto(`${env.server.url}${url}`);
      // The page itself carries the strict policy (the checks below must not be all that saved us).
      expect(response?.headers()['content-security-policy']).toMatch(/(^|;)\s*script-src 'self'\s*(;|$)/);
      expect(response?.headers()['x-content-type-options']).toBe('nosniff');
      await expect
        .poll(() => page.locator('body').innerText(), { timeout: 20_000 })
        .toMatch(typeof expected === 'string' ? new RegExp(expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : expected);
      const found = await page.evaluate(() => {
        const w = window as unknown as { __xss?: unknown; __csp: string[] };
        const bad: string[] = [];
        for (const el of Array.from(document.querySelectorAll('*'))) {
          for (const a of Array.from(el.attributes)) {
            if (/^on/i.test(a.name)) bad.push(`<${el.localName} ${a.name}>`);
            if (/^(href|src|action|formaction|xlink:href)$/i.test(a.name) && /^\s*javascript:/i.test(a.value))
              bad.push(`<${el.localName} ${a.name}="${a.value}">`);
          }
          if (['iframe', 'object', 'embed', 'noscript'].includes(el.localName)) bad.push(`<${el.localName}>`);
          if (el.localName === 'script' && !(el as HTMLScriptElement).src) bad.push('inline <script>');
        }
        return { xss: w.__xss, csp: w.__csp, bad };
      });
      expect(found.xss).toBeUndefined();
      expect(found.csp).toEqual([]);
      expect(found.bad).toEqual([]);
      expect(dialogs).toEqual([]);
    } finally {
      await context.close();
    }
  }

  it('project list (annotator): the project name is text', async () => {
    await visit(ANNOTATOR, '/', PROJECT_NAME);
  });

  it('annotate screen (annotator): item text, label names, guideline panel and changelog', async () => {
    await visit(ANNOTATOR, `/projects/${ids.project}/annotate`, VISIBLE);
  });

  it('my escalations (annotator): own note and the lead’s answer', async () => {
    await visit(ANNOTATOR, `/projects/${ids.project}/my-escalations`, VISIBLE);
  });

  it('guideline authoring (author): sections, examples and reasons', async () => {
    await visit(AUTHOR, `/projects/${ids.project}/guideline`, VISIBLE);
  });

  it('gold set and gold mode (lead): item previews, justifications', async () => {
    await visit(LEAD, `/projects/${ids.project}/gold-set`, VISIBLE);
    await visit(LEAD, `/projects/${ids.project}/gold`, VISIBLE);
  });

  it('review queue and dashboard (lead): display names, item text, label names', async () => {
    // Eve's sampled label, with her name, and the item's text.
    await visit(LEAD, `/projects/${ids.project}/review`, /Eve <img src=x onerror="window.__xss=2">/);
    await visit(LEAD, `/projects/${ids.project}/dashboard`, /Eve <img src=x onerror="window.__xss=2">/);
  });

  it('settings, data and agreement pages (lead)', async () => {
    await visit(LEAD, `/projects/${ids.project}/settings`, `${PROJECT_NAME}: settings`);
    await visit(LEAD, `/projects/${ids.project}/data`, `Data — ${PROJECT_NAME}`);
    // Too little overlap for figures here: the page renders its (empty) tables, no user text.
    await visit(LEAD, `/projects/${ids.project}/agreement`, /Krippendorff/);
  });
});
