// The worker threads' entry (pool.ts). Node 20 does not apply module loader hooks (tsx's --import)
// inside worker threads, so the TypeScript tasks are loaded through tsx's CommonJS require, which
// compiles in the thread itself.
/* global require, module, __filename */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { require: tsxRequire } = require('tsx/cjs/api');

module.exports = tsxRequire('./tasks.ts', __filename);
