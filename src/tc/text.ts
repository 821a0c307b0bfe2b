// Making our text survive Threat Composer's import unchanged: no `&`, `<` or `>` (the sanitiser
// would rewrite them, research §7), single-line where the field is plain text, and cut to the
// app's length limits at a word boundary.

/** Rewrites `& < >` into readable equivalents the sanitiser leaves alone. */
export function safeText(text: string): string {
  return text
    .replace(/[ \t]*&+[ \t]*/g, ' and ')
    .replace(/<->|<=>/g, '↔')
    .replace(/<=/g, '≤')
    .replace(/>=/g, '≥')
    .replace(/-+>|=>/g, '→')
    .replace(/<-+/g, '←')
    .replace(/</g, '‹')
    .replace(/>/g, '›');
}

/** Collapses all whitespace (newlines included) to single spaces and trims. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** At most `max` UTF-16 units; a longer text ends at a word boundary with an ellipsis. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const space = cut.search(/\s\S*$/);
  if (space >= max * 0.6) cut = cut.slice(0, space);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1); // never split a surrogate pair
  return `${cut.trimEnd()}…`;
}

/** A plain-text field: safe, one line, at most `max` characters. */
export function plainField(text: string, max: number): string {
  return clip(oneLine(safeText(text)), max);
}

/** A file path that must stay recognisable: the three characters are percent-encoded instead. */
export function safePath(path: string): string {
  return path.replace(/&/g, '%26').replace(/</g, '%3C').replace(/>/g, '%3E');
}
