// CODEOWNERS files as GitHub and GitLab read them: `pattern owner...` per line, `#` comments
// (`\#` escapes a literal hash), `\ ` for a space inside a pattern, GitLab `[Section]` headers with
// default owners (`^[Optional]`, `[Section][2]`). Owners are `@user`, `@org/team` or e-mail addresses.

export interface CodeownersRule {
  pattern: string;
  owners: string[];
  line: number;
  section?: string;
}

const OWNER = /^(@[A-Za-z0-9][\w.-]*(\/[\w.-]+)*|[^@\s]+@[^@\s]+\.[A-Za-z]{2,})$/;

function stripComment(line: string): string {
  let out = '';
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\' && i + 1 < line.length) {
      out += line[i] + line[i + 1];
      i++;
      continue;
    }
    if (line[i] === '#') break;
    out += line[i];
  }
  return out.trim();
}

/** Splits at unescaped whitespace; `\ ` stays a space inside the token, `\#` a hash. */
function tokens(line: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && i + 1 < line.length) {
      current += line[i + 1];
      i++;
    } else if (/\s/.test(c)) {
      if (current) out.push(current);
      current = '';
    } else current += c;
  }
  if (current) out.push(current);
  return out;
}

export function parseCodeowners(text: string): { rules: CodeownersRule[]; problems: { line: number; message: string }[] } {
  const rules: CodeownersRule[] = [];
  const problems: { line: number; message: string }[] = [];
  let section: string | undefined;
  let sectionOwners: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = stripComment(raw);
    if (!line) return;
    const header = /^\^?\[([^\]]+)\](?:\[\d+\])?(.*)$/.exec(line);
    if (header) {
      section = header[1].trim();
      sectionOwners = tokens(header[2]).filter((t) => OWNER.test(t));
      return;
    }
    const [pattern, ...rest] = tokens(line);
    const owners = rest.filter((t) => OWNER.test(t));
    const invalid = rest.filter((t) => !OWNER.test(t));
    if (invalid.length) problems.push({ line: i + 1, message: `not an owner: ${invalid.slice(0, 3).join(', ')}` });
    rules.push({ pattern, owners: owners.length || rest.length ? owners : sectionOwners, line: i + 1, ...(section ? { section } : {}) });
  });
  return { rules, problems };
}
