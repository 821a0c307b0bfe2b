// A small, safe XML reader for build manifests (pom.xml, *.csproj, Directory.Packages.props). It
// keeps element names, attributes, text and the 1-based line of each start tag. It never expands
// entities beyond the five predefined ones and numeric references, never reads a DTD and never
// fetches anything: manifests are untrusted input, and a lenient tree is all the readers need.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text content directly inside this element, trimmed. */
  text: string;
  line: number;
}

const MAX_DEPTH = 256;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return PREDEFINED[ref] ?? whole;
  });
}

const ATTR = /([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/g;

/** Local name without a namespace prefix (`x:Project` → `Project`). */
function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/** Parses leniently: unknown constructs are skipped, unclosed elements close at the end. Throws only when there is no root element. */
export function parseXml(text: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '', line: 1 };
  const stack: XmlElement[] = [root];
  const texts: string[][] = [[]];
  let line = 1;
  let i = 0;
  const n = text.length;
  const advanceLines = (from: number, to: number) => {
    for (let k = text.indexOf('\n', from); k !== -1 && k < to; k = text.indexOf('\n', k + 1)) line++;
  };
  while (i < n) {
    const lt = text.indexOf('<', i);
    const chunkEnd = lt === -1 ? n : lt;
    if (chunkEnd > i) {
      texts[texts.length - 1].push(text.slice(i, chunkEnd));
      advanceLines(i, chunkEnd);
    }
    if (lt === -1) break;
    let end: number;
    if (text.startsWith('<!--', lt)) {
      end = text.indexOf('-->', lt + 4);
      end = end === -1 ? n : end + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      end = text.indexOf(']]>', lt + 9);
      end = end === -1 ? n : end + 3;
      texts[texts.length - 1].push(text.slice(lt + 9, Math.max(lt + 9, end - 3)));
    } else if (text.startsWith('<?', lt)) {
      end = text.indexOf('?>', lt + 2);
      end = end === -1 ? n : end + 2;
    } else if (text.startsWith('<!', lt)) {
      // DOCTYPE (with an optional internal subset in brackets): skipped unread.
      const bracket = text.indexOf('[', lt);
      const close = text.indexOf('>', lt);
      if (bracket !== -1 && close !== -1 && bracket < close) {
        const subsetEnd = text.indexOf(']', bracket);
        end = subsetEnd === -1 ? n : text.indexOf('>', subsetEnd) + 1 || n;
      } else end = close === -1 ? n : close + 1;
    } else if (text[lt + 1] === '/') {
      end = text.indexOf('>', lt);
      end = end === -1 ? n : end + 1;
      const name = localName(text.slice(lt + 2, end - 1).trim());
      // Close up to the matching open element; a stray end tag is ignored.
      const at = stack.map((e) => e.name).lastIndexOf(name);
      if (at > 0) {
        while (stack.length > at) {
          const el = stack.pop() as XmlElement;
          el.text = decode((texts.pop() ?? []).join('').trim());
        }
      }
    } else {
      end = findTagEnd(text, lt);
      const body = text.slice(lt + 1, end - 1);
      const selfClosing = body.endsWith('/');
      const inner = selfClosing ? body.slice(0, -1) : body;
      const nameMatch = /^[^\s/>]+/.exec(inner);
      if (nameMatch) {
        const attrs: Record<string, string> = {};
        for (const m of inner.slice(nameMatch[0].length).matchAll(ATTR)) attrs[localName(m[1])] = decode(m[3] ?? m[4] ?? '');
        const el: XmlElement = { name: localName(nameMatch[0]), attrs, children: [], text: '', line };
        stack[stack.length - 1].children.push(el);
        if (!selfClosing && stack.length < MAX_DEPTH) {
          stack.push(el);
          texts.push([]);
        }
      }
    }
    advanceLines(lt, end);
    i = end;
  }
  while (stack.length > 1) {
    const el = stack.pop() as XmlElement;
    el.text = decode((texts.pop() ?? []).join('').trim());
  }
  const top = root.children[0];
  if (!top) throw new Error('no root element');
  return top;
}

/** End of a start tag, skipping `>` inside quoted attribute values. */
function findTagEnd(text: string, start: number): number {
  let quote = 0;
  for (let k = start + 1; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return k + 1;
  }
  return text.length;
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

export function children(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** Text of a direct child element, or undefined when absent or empty. */
export function childText(el: XmlElement | undefined, name: string): string | undefined {
  const text = child(el, name)?.text;
  return text ? text : undefined;
}
