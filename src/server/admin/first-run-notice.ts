import type { AppContext } from '../context.ts';
import { issueSetupLink, needsFirstAdmin, SETUP_LINK_MINUTES } from './first-run.ts';

/**
 * On an instance with no active administrator, the operator is told how to make one: a one-time
 * setup link (printed only here, valid for an hour, once) and the shell command. Answers the lines
 * printed, or none when an administrator exists.
 */
export async function firstRunNotice(ctx: AppContext): Promise<string[]> {
  if (!(await needsFirstAdmin(ctx.db))) return [];
  const link = await issueSetupLink(ctx);
  return [
    'No administrator exists yet. Create the first one in either way:',
    `  - open ${link.url}`,
    `    (works once, for ${SETUP_LINK_MINUTES} minutes; a restart or \`npm run admin -- setup-link\` prints a new one), or`,
    '  - run: npm run admin -- create-admin --email you@example.org --name "Your Name"',
    '    (asks for the password, or reads ADMIN_PASSWORD; with the embedded database, stop the server first).',
  ];
}
