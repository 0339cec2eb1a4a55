import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// findBy*/waitFor wait 1 s by default; a screen's first render (lazy chunks, a loaded 2-core CI
// machine running the server suite beside it) has taken longer, and failed a test that was right.
configure({ asyncUtilTimeout: 5_000 });

afterEach(() => cleanup());
