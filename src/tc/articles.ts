// Indefinite-article correction the way Threat Composer applies it (research §6 step 5): every
// whitespace-delimited `a`/`an` that is followed by a word gets the article the `indefinite` package
// picks for that whole word (so `MFA-bypassing` counts as one word and gets "a"), keeping the
// capital of the original article.
import indefinite from 'indefinite';

const ARTICLE = /^(a|an)$/i;

/** The article `indefinite` chooses for `word`, capitalised like `original`. */
export function articleFor(word: string, original: string): string {
  const article = indefinite(word, { articleOnly: true });
  return /^[A-Z]/.test(original) ? article[0].toUpperCase() + article.slice(1) : article;
}

/** Fixes every article inside `text` whose next word is inside `text` too. */
export function fixArticles(text: string): string {
  const parts = text.split(/(\s+)/);
  for (let i = 0; i + 2 < parts.length; i += 2) {
    const next = parts[i + 2];
    if (ARTICLE.test(parts[i]) && next !== '') parts[i] = articleFor(next, parts[i]);
  }
  return parts.join('');
}

/** First whitespace-delimited word of `text`, or undefined when it has none. */
export function firstWord(text: string): string | undefined {
  const match = /\S+/.exec(text);
  return match ? match[0] : undefined;
}

/**
 * A literal that ends with an article (the template's leading "A ") takes the article that suits
 * the first word of the field rendered right after it.
 */
export function fixTrailingArticle(literal: string, following: string): string {
  const word = firstWord(following);
  if (word === undefined) return literal;
  return literal.replace(/(^|\s)(a|an)(\s+)$/i, (_m, lead: string, article: string, gap: string) => lead + articleFor(word, article) + gap);
}
