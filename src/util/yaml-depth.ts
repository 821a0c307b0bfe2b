/**
 * Guard against deeply nested YAML before it reaches the `yaml` package.
 *
 * `yaml` composes nodes recursively and overflows the stack at roughly 800 levels. That alone
 * would be a caught RangeError, but on Node 20 the overflow can strike while V8 compiles one of
 * the library's regular expressions, and the next compile of it then aborts the whole process
 * ("FATAL ERROR: RegExpCompiler Allocation failed"), which no try/catch can stop. So nesting is
 * estimated on the raw text first and deep documents are refused without being parsed.
 */

/** Far above real configuration, manifests and API specs (a few dozen levels), far below ~800. */
export const MAX_YAML_DEPTH = 200;

/**
 * An upper bound of the nesting depth of a YAML text, in one linear pass: block nesting from the
 * stack of indentation levels plus compact `- ` / `? ` / `: ` indicators starting a line, plus
 * flow nesting from unbalanced `[`/`{`. Brackets inside strings and block scalars are counted too;
 * that can only over-estimate, which is the safe side.
 */
export function estimateYamlDepth(text: string): number {
  const indents: number[] = [];
  let flow = 0;
  let deepest = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let i = lineStart;
    while (i < lineEnd && (text[i] === ' ' || text[i] === '\t')) i++;
    const blank = i >= lineEnd || text[i] === '#' || text[i] === '\r';
    if (!blank) {
      const indent = i - lineStart;
      while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
      let compact = 0;
      while (i + 1 < lineEnd && (text[i] === '-' || text[i] === '?' || text[i] === ':') && text[i + 1] === ' ') {
        compact++;
        i += 2;
        while (i < lineEnd && text[i] === ' ') i++;
      }
      for (let j = i; j < lineEnd; j++) {
        const c = text.charCodeAt(j);
        if (c === 0x5b || c === 0x7b) {
          flow++;
          if (indents.length + compact + flow > deepest) deepest = indents.length + compact + flow;
        } else if ((c === 0x5d || c === 0x7d) && flow > 0) {
          flow--;
        }
      }
      if (indents.length + compact + flow > deepest) deepest = indents.length + compact + flow;
    }
    lineStart = lineEnd + 1;
  }
  return deepest;
}
