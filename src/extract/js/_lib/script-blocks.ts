// The inline <script> blocks of a markup file (HTML page, server template, Vue/Svelte component)
// with everything else blanked to spaces, newlines kept: a JavaScript parse of the result has the
// offsets and lines of the real file.

const SCRIPT_BLOCK = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;

/**
 * `keep` decides by the tag's attributes (`type="text/template"` is no code); `rewrite` may change
 * a block's code without changing its length.
 */
export function blankOutsideScripts(content: string, keep: (attributes: string) => boolean = () => true, rewrite: (code: string) => string = (code) => code): string {
  const out = content.replace(/[^\n]/g, ' ').split('');
  for (const m of content.matchAll(SCRIPT_BLOCK)) {
    if (!keep(m[1])) continue;
    const start = (m.index ?? 0) + m[0].indexOf('>') + 1;
    const code = rewrite(m[2]);
    for (let i = 0; i < code.length; i++) out[start + i] = code[i];
  }
  return out.join('');
}
