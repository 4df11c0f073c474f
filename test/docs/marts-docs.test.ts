import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MARTS_DOC, martsMarkdown } from '../../transform/docs.ts';
import { tempDir } from '../support/tmp.ts';

describe('docs/marts.md', () => {
  it('is what `npm run docs` makes of the SQL headers now (run it after editing a mart header)', () => {
    expect(fs.readFileSync(MARTS_DOC, 'utf8')).toBe(martsMarkdown());
  });
});

describe('martsMarkdown()', () => {
  it('turns a header into a row of the table and a section, with the sources its SQL reads', () => {
    const root = tempDir();
    try {
      fs.mkdirSync(path.join(root.dir, 'marts'));
      fs.writeFileSync(
        path.join(root.dir, 'marts', 'toy_share.sql'),
        [
          '-- toy_share: what share | of toys?',
          '-- grain: one row per day.',
          '-- definition: share = toys / all,',
          '--     counted once.',
          'select * from raw.hf_model_snapshots',
        ].join('\n'),
      );
      const text = martsMarkdown(root.dir);
      expect(text).toContain(
        '| [`toy_share`](#toy_share) | what share \\| of toys? | Hugging Face Hub (huggingface.co) |',
      );
      expect(text).toContain(
        [
          '## toy_share',
          '',
          'what share | of toys?',
          '',
          '- **grain**: one row per day.',
          '- **definition**: share = toys / all, counted once.',
          '- **sources**: Hugging Face Hub (huggingface.co)',
          '- **SQL**: [`transform/marts/toy_share.sql`](../transform/marts/toy_share.sql)',
        ].join('\n'),
      );
    } finally {
      root.cleanup();
    }
  });
});
