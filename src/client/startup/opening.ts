// Imported first by the entry (main.tsx), so this runs before the rest of the app's code is
// evaluated: the page's requests start while the wire schemas are built and React renders.
import { openEarly } from './openEarly.ts';

openEarly(location.pathname);
