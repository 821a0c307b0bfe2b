// A comment right above a router or a route that states the routes are public on purpose
// (`// Plugin endpoints are intentionally public device endpoints: we do not require auth`). The
// developer's stated intent: rules weigh such a route as one to confirm (`declared-public`), not
// as a guard someone forgot. A TODO or FIXME in the comment says the opposite and is ignored.

const INTENT = /\b(intentionally|deliberately|by design|on purpose)\b[^.;]{0,80}\b(public|unauthenticated|anonymous)\b|\b(public|unauthenticated|anonymous)\b[^.;]{0,80}\b(by design|intentionally|deliberately|on purpose)\b|\b(do(es)?\s*n[o']t|do(es)? not|never)\s+require\s+[^.;]{0,40}\b(auth(entication)?|login|sign[- ]?in)\b/i;
const UNFINISHED = /\b(TODO|FIXME|XXX|HACK)\b/;

/** The block of `//` or `/* *\/` comment lines directly above 1-based `line` (no blank line between). */
function commentAbove(lines: readonly string[], line: number): string {
  const out: string[] = [];
  for (let i = line - 2; i >= 0; i--) {
    const text = lines[i].trim();
    if (!/^(\/\/|\/\*|\*)/.test(text)) break;
    out.unshift(text);
  }
  return out.join(' ');
}

/**
 * A reader telling whether a comment directly above any of the given 1-based lines declares the
 * routes public on purpose; undefined when the file has none of the words (one substring search
 * for most files, the split into lines only once per file that has them).
 */
export function publicCommentReader(content: string): ((lines: readonly number[]) => boolean) | undefined {
  if (!/public|unauthenticated|anonymous|require\s/i.test(content)) return undefined;
  const all = content.split('\n');
  return (lines) =>
    lines.some((l) => {
      const comment = commentAbove(all, l);
      return comment !== '' && INTENT.test(comment) && !UNFINISHED.test(comment);
    });
}
