// `npm run docs`: writes docs/marts.md from the SQL headers of transform/marts/*.sql.
import fs from 'node:fs';
import { MARTS_DOC, martsMarkdown } from '../transform/docs.ts';

fs.mkdirSync(new URL('../docs/', import.meta.url), { recursive: true });
fs.writeFileSync(MARTS_DOC, martsMarkdown());
console.log(`wrote ${MARTS_DOC}`);
