/**
 * The citation that travels with every number. OpenRouter's data is CC BY 4.0 and asks for
 * "Source: OpenRouter (openrouter.ai/rankings), as of {as_of}" wherever it is shown or exported.
 * A mart's source follows from its name prefix (`openrouter_`, `hf_`/`huggingface_`); a mart with neither prefix
 * is cited to both.
 */

export interface Citation {
  text: string;
  licence: string | null;
  licence_url: string | null;
}

const OPENROUTER = 'OpenRouter (openrouter.ai/rankings)';
const HUGGING_FACE = 'Hugging Face Hub (huggingface.co)';
const CC_BY = { licence: 'CC BY 4.0', licence_url: 'https://creativecommons.org/licenses/by/4.0/' };

export function citationFor(mart: string, asOf: string | null): Citation {
  const when = asOf === null ? '' : `, as of ${asOf}`;
  if (mart.startsWith('openrouter_')) return { text: `Source: ${OPENROUTER}${when}`, ...CC_BY };
  if (mart.startsWith('hf_') || mart.startsWith('huggingface_')) {
    return { text: `Source: ${HUGGING_FACE}${when}`, licence: null, licence_url: null };
  }
  return { text: `Sources: ${OPENROUTER} (CC BY 4.0) and ${HUGGING_FACE}${when}`, ...CC_BY };
}
