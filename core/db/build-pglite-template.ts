/** `npm run build` runs this after tsc: writes dist/pglite-template/ (see pglite-template.ts). */
import { writePgliteTemplate } from './pglite-template.js';

const written = await writePgliteTemplate();
console.log(`wrote ${written}`);
