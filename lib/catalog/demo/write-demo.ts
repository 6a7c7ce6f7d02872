/**
 * Regenerates lib/catalog/demo/demo-catalog.json (deterministic): `npx tsx lib/catalog/demo/write-demo.ts`.
 * A unit test fails when the committed file and the generator disagree.
 */
import { writeFileSync } from 'node:fs';
import { demoCatalogDocument } from './generate';

const out = new URL('./demo-catalog.json', import.meta.url);
writeFileSync(out, JSON.stringify(demoCatalogDocument(), null, 1) + '\n');
