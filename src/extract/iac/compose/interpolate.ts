// Compose variable interpolation, statically: we do not know the deployment's environment, so a
// variable takes its written default (`${PORT:-8080}` → 8080) and otherwise the empty string,
// which is exactly what Compose does with an unset variable. `$$` is a literal dollar.

const VARIABLE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^{}]*\})*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

export function interpolateDefaults(text: string): string {
  return text.replace(VARIABLE, (whole, _braced: string | undefined, op: string | undefined, word: string | undefined) => {
    if (whole === '$$') return '$';
    if (op?.endsWith('-')) return interpolateDefaults(word ?? '');
    return '';
  });
}

/** True when the text contains an interpolation (the value is decided at deploy time). */
export function hasVariable(text: string): boolean {
  return /\$\{?[A-Za-z_]/.test(text.replace(/\$\$/g, ''));
}
