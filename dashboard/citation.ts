/**
 * The citation that travels with every number. A mart cites the sources whose raw tables its SQL reads, directly or
 * through the models it reads (transform/lineage.ts), with each source's citation and licence as declared once in
 * ingest/declarations.ts. OpenRouter's data is CC BY 4.0 and asks for
 * "Source: OpenRouter (openrouter.ai/rankings), as of {as_of}" wherever it is shown or exported.
 */
import { citationsOf, declarations, type SourceCitation } from '../ingest/declarations.ts';
import { martSources } from '../transform/lineage.ts';
import { TRANSFORM_DIR } from '../transform/run.ts';

export interface Citation {
  text: string;
  licence: string | null;
  licence_url: string | null;
}

/** The citation of some sources' data as of a time; a licence only when a source has one. */
export function citationOf(cited: readonly SourceCitation[], asOf: string | null): Citation {
  const when = asOf === null ? '' : `, as of ${asOf}`;
  const licensed = cited.filter((c) => c.licence);
  const [only] = cited;
  if (cited.length === 1 && only) {
    return { text: `Source: ${only.name}${when}`, licence: only.licence, licence_url: only.licenceUrl };
  }
  const names = cited.map((c) => (c.licence && cited.length > 1 ? `${c.name} (${c.licence})` : c.name));
  const list =
    names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : 'adoption-tracker reference data';
  return {
    text: `${names.length > 1 ? 'Sources' : 'Source'}: ${list}${when}`,
    licence: licensed[0]?.licence ?? null,
    licence_url: licensed[0]?.licenceUrl ?? null,
  };
}

/** The declared sources a mart's data comes from, or undefined for a mart with no known lineage. */
export type MartSources = (mart: string) => readonly string[] | undefined;

let lineage: Map<string, string[]> | undefined;

/** From the SQL of transform/: read once, and again when a mart appears that was not there. */
export const martSourcesFromSql: MartSources = (mart) => {
  if (!lineage?.has(mart)) lineage = martSources(TRANSFORM_DIR);
  return lineage.get(mart);
};

/** A mart with no known lineage cites every declared source: never fewer than its data needs. */
export function citationFor(mart: string, asOf: string | null, sourcesOf: MartSources = martSourcesFromSql): Citation {
  return citationOf(citationsOf(sourcesOf(mart) ?? declarations.map((d) => d.name)), asOf);
}
