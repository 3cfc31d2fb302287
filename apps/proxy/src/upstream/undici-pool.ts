import { createRequire } from 'node:module';
import type { Pool as UndiciPool } from 'undici';

const require = createRequire(import.meta.url);

/**
 * undici's `Pool` on its own. `import { Pool } from 'undici'` loads all of undici (fetch,
 * WebSocket, caches, mocks): about 10 MB more resident memory for a proxy that uses none of it
 * (idle RSS 81 → 72 MB, measured with `main.js`). The path is undici's own file layout, stable
 * across 7.x; undici is pinned, and every upstream test fails loudly if the path moves.
 *
 * @example
 * const pool = new Pool('https://api.webflow.com', { connections: 64 });
 */
export const Pool = require('undici/lib/dispatcher/pool.js') as typeof UndiciPool;
