/**
 * The part of `negotiator` 1.x (Express' own content negotiation) that response-cache.ts uses. @types/negotiator
 * (0.6) predates 1.x's `preferred` option, the server's order among codings of equal q, so it is declared here.
 */
declare module 'negotiator' {
  class Negotiator {
    constructor(request: { headers: Record<string, string | string[] | undefined> });
    /** The acceptable codings among `available`, best first: by q, then by `options.preferred`. */
    encodings(available: readonly string[], options?: { preferred?: readonly string[] }): string[];
  }
  export = Negotiator;
}
