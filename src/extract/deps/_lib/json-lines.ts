/**
 * One pass over a JSON text that reports the 1-based line of every object key, with the keys of the
 * objects that enclose it (arrays appear as `[]`). JSON.parse gives the values; this gives the lines,
 * so a 10 MB lockfile costs one scan instead of a search per package.
 *
 * The text must already be valid JSON (parse it first): the scanner does not validate.
 */
export function scanJsonKeyLines(
  text: string,
  onKey: (parents: readonly string[], key: string, line: number) => void,
): void {
  const parents: string[] = [];
  const containers: number[] = []; // char codes of the open brackets: 123 `{` or 91 `[`
  let line = 1;
  let expectKey = false;
  let pendingKey = '';
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
    } else if (c === 34) {
      // A string: jump to its closing quote (one preceded by an even number of backslashes).
      let end = text.indexOf('"', i + 1);
      while (end !== -1) {
        let backslashes = 0;
        for (let j = end - 1; text.charCodeAt(j) === 92; j--) backslashes++;
        if (backslashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      if (end === -1) return;
      if (expectKey) {
        const raw = text.slice(i + 1, end);
        pendingKey = raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        onKey(parents, pendingKey, line);
        expectKey = false;
      }
      i = end;
    } else if (c === 123 || c === 91) {
      if (containers.length > 0) parents.push(containers[containers.length - 1] === 123 ? pendingKey : '[]');
      containers.push(c);
      expectKey = c === 123;
    } else if (c === 125 || c === 93) {
      containers.pop();
      if (containers.length > 0) parents.pop();
      expectKey = false;
    } else if (c === 44) {
      expectKey = containers[containers.length - 1] === 123;
    }
  }
}

/** Line of every key of the top-level object and of the objects directly inside it. */
export function topLevelKeyLines(text: string): { top: Map<string, number>; nested: Map<string, Map<string, number>> } {
  const top = new Map<string, number>();
  const nested = new Map<string, Map<string, number>>();
  scanJsonKeyLines(text, (parents, key, line) => {
    if (parents.length === 0) {
      if (!top.has(key)) top.set(key, line);
    } else if (parents.length === 1) {
      let map = nested.get(parents[0]);
      if (!map) nested.set(parents[0], (map = new Map()));
      if (!map.has(key)) map.set(key, line);
    }
  });
  return { top, nested };
}
