// Imported first by main.tsx, before any schema is built: under our CSP (no 'unsafe-eval') zod's
// probe for `new Function` is refused and reported as a CSP violation on every page load;
// jitless skips the probe (and the compiled fast path with it). Schemas read the setting when
// they are constructed, so it must run before the modules that define them.
import { z } from 'zod';

z.config({ jitless: true });
