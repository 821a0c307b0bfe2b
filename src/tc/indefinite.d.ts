// Types for the `indefinite` package (2.5.1 ships none). Only what we call is declared.
declare module 'indefinite' {
  interface IndefiniteOptions {
    articleOnly?: boolean;
    capitalize?: boolean;
    caseInsensitive?: boolean;
  }
  function indefinite(word: string | number, options?: IndefiniteOptions): string;
  export default indefinite;
}
