// Accessibility check for end-to-end tests: axe-core injected into the page, run on what the
// screen shows, and the critical and serious violations returned in a readable form (an empty
// list is a pass). Charts and other canvases are checked like anything else.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeProblem {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** The page's critical and serious axe violations, one line each in `describe`. */
export async function axeProblems(page: Page): Promise<AxeProblem[]> {
  // Evaluated through the debugging protocol: the app's Content-Security-Policy (script-src 'self')
  // rightly refuses an inline script tag.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            opts: unknown,
          ) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')),
    }));
  });
  return violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
}

/** The problems as lines a failing assertion shows. */
export const describeAxe = (problems: AxeProblem[]): string[] => problems.map((p) => `${p.impact} ${p.id}: ${p.help} — ${p.targets.join(' | ')}`);

/** The critical and serious violations as lines (an empty list is a pass). */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  return describeAxe(await axeProblems(page));
}
