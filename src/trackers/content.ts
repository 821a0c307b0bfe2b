// What a ticket says: a title a developer understands at a glance and a body with everything needed
// to fix the threat without opening the threat model (statement, severity and why, evidence with
// permalinks, kill chains, mitigation, concrete remediation, owners). Also the comments threatcode
// leaves when it closes or reopens a ticket. Pure: model in, Doc out.
import { VERSION } from '../api/version.js';
import { elementName, STRIDE } from '../emit/digest.js';
import type { Evidence, Threat, ThreatModel } from '../model/types.js';
import { code, codeBlock, heading, link, list, paragraph, strong, text, type Doc, type Inline } from './doc.js';
import { jiraFooter } from './marker.js';
import { commitLink, fileLink, repoWeb, type RepoWeb } from './permalink.js';
import type { TicketContent } from './types.js';

export type ContentModel = Pick<ThreatModel, 'product' | 'killChains' | 'mitigations' | 'components' | 'flows' | 'entryPoints' | 'assets'>;

export interface ContentContext {
  model: ContentModel;
  /** Catalog slug of the product. */
  product: string;
  /** Owners of a file (CODEOWNERS); falls back to the product owners. */
  ownersFor?: (file: string) => string[];
}

const MAX_EVIDENCE = 8;
const MAX_CHAINS = 5;
const MAX_TITLE = 200;

export function threatLocation(threat: Pick<Threat, 'evidence'>): string {
  const e = threat.evidence[0];
  return e ? `${e.file}:${e.line}` : 'the architecture (no single code line)';
}

/** `[critical] SQL injection from request data (api/src/routes/products.js:20)`. */
export function ticketTitle(threat: Pick<Threat, 'title' | 'severity' | 'evidence'>): string {
  const e = threat.evidence[0];
  let title = threat.title.trim();
  if (e) {
    const where = `${e.file}:${e.line}`;
    title = title.includes(e.file) ? title.replace(e.file, where) : `${title} (${where})`;
  }
  const full = `[${threat.severity}] ${title}`;
  return full.length > MAX_TITLE ? `${full.slice(0, MAX_TITLE - 1)}…` : full;
}

export function ownersOfThreat(threat: Threat, context: ContentContext): string[] {
  const file = threat.evidence[0]?.file;
  const owners = file && context.ownersFor ? context.ownersFor(file) : [];
  return owners.length ? owners : context.model.product.owners;
}

const LANGUAGES: Record<string, string> = { js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript', ts: 'typescript', tsx: 'typescript', py: 'python', java: 'java', kt: 'kotlin', go: 'go', rb: 'ruby', php: 'php', cs: 'csharp', yml: 'yaml', yaml: 'yaml', json: 'json', tf: 'hcl', sql: 'sql', sh: 'bash' };

function languageOf(file: string): string | undefined {
  if (/(^|\/)Dockerfile[^/]*$/.test(file)) return 'dockerfile';
  return LANGUAGES[file.split('.').pop()?.toLowerCase() ?? ''];
}

function evidenceItem(e: Evidence, repo: RepoWeb | undefined, commit: string | undefined): Inline[] {
  const where = `${e.file}:${e.line}${e.endLine && e.endLine > e.line ? `-${e.endLine}` : ''}`;
  const items: Inline[] = [repo && commit ? { text: where, code: true, href: fileLink(repo, commit, e.file, e.line, e.endLine) } : code(where)];
  if (e.blame) items.push(text(` — last changed by ${e.blame.author} in ${e.blame.commit.slice(0, 7)} on ${e.blame.date.slice(0, 10)}`));
  return items;
}

function referenceLink(id: string): Inline {
  const cwe = /^CWE-(\d+)$/.exec(id);
  if (cwe) return link(id, `https://cwe.mitre.org/data/definitions/${cwe[1]}.html`);
  const capec = /^CAPEC-(\d+)$/.exec(id);
  if (capec) return link(id, `https://capec.mitre.org/data/definitions/${capec[1]}.html`);
  const attack = /^T(\d{4})(?:\.(\d{3}))?$/.exec(id);
  if (attack) return link(id, `https://attack.mitre.org/techniques/T${attack[1]}/${attack[2] ? `${attack[2]}/` : ''}`);
  return text(id);
}

function joined(items: Inline[], separator = ', '): Inline[] {
  return items.flatMap((item, i) => (i === 0 ? [item] : [text(separator), item]));
}

function footer(threat: Threat, context: ContentContext): Inline[] {
  const commit = context.model.product.commit;
  return [text(`Found by threatcode ${VERSION} (rule ${threat.ruleId})${commit ? ` at commit ${commit.slice(0, 12)}` : ''}. ${jiraFooter(threat.id, context.product)}.`)];
}

export function ticketBody(threat: Threat, context: ContentContext): Doc {
  const { model } = context;
  const repo = repoWeb(model.product.repository);
  const commit = model.product.commit;
  const blocks: Doc['blocks'] = [paragraph(strong('Threat: '), text(threat.statement))];
  if (threat.description && threat.description !== threat.statement) blocks.push(paragraph(text(threat.description)));

  const s = threat.score;
  blocks.push(heading('Severity'));
  blocks.push(
    paragraph(
      strong(threat.severity),
      text(` — score ${s.value.toFixed(1)}/10 (likelihood ${s.likelihood.toFixed(2)} × impact ${s.impact.toFixed(2)}), confidence ${threat.confidence}`),
      ...(s.cvss ? [text('; CVSS '), text(`${s.cvss.score} `), code(s.cvss.vector)] : []),
    ),
  );
  if (s.factors.length) blocks.push(list(s.factors.map((f) => [strong(f.name), text(`: ${f.effect} — ${f.detail}`)])));

  blocks.push(heading('Evidence'));
  if (threat.evidence.length === 0) {
    const names = threat.elements.map((id) => elementName(model, id));
    blocks.push(paragraph(text(`Architectural threat (no single code line) concerning ${names.join(', ') || 'the system'}.`)));
  } else {
    blocks.push(list(threat.evidence.slice(0, MAX_EVIDENCE).map((e) => evidenceItem(e, repo, commit))));
    if (threat.evidence.length > MAX_EVIDENCE) blocks.push(paragraph(text(`…and ${threat.evidence.length - MAX_EVIDENCE} more places (see the threat model).`)));
    const first = threat.evidence[0];
    if (first.snippet) blocks.push(codeBlock(first.snippet, languageOf(first.file)));
  }

  const chains = model.killChains.filter((c) => c.steps.some((step) => step.threat === threat.id));
  if (chains.length) {
    blocks.push(heading('Kill chains'));
    blocks.push(paragraph(text(`This threat is a step in ${chains.length} kill chain${chains.length === 1 ? '' : 's'}:`)));
    blocks.push(list(chains.slice(0, MAX_CHAINS).map((c) => [strong(c.severity), text(` — ${c.narrative}`), ...(c.breakWith ? [text(` Cheapest cut: ${c.breakWith.description}`)] : [])])));
  }

  const mitigations = model.mitigations.filter((m) => threat.mitigations.includes(m.id));
  if (mitigations.length) {
    blocks.push(heading('Mitigation'));
    for (const m of mitigations) {
      blocks.push(paragraph(strong(m.title), text(`: ${m.content}`)));
      const controls = [...(m.controls.asvs ?? []).map((c) => `ASVS ${c}`), ...(m.controls.nist80053 ?? []).map((c) => `NIST 800-53 ${c}`), ...(m.controls.owasp ?? [])];
      if (controls.length) blocks.push(paragraph(text(`Controls: ${controls.join(', ')}`)));
    }
  }
  const remediation = threat.remediation ?? mitigations.find((m) => m.remediation)?.remediation;
  if (remediation) {
    blocks.push(heading('Remediation'));
    blocks.push(paragraph(text(remediation)));
  }

  const classes: Inline[][] = [];
  if (threat.stride.length) classes.push([strong('STRIDE: '), text(threat.stride.map((l) => STRIDE.find((x) => x.letter === l)?.name ?? l).join(', '))]);
  for (const [label, ids] of [['CWE: ', threat.cwe], ['CAPEC: ', threat.capec], ['ATT&CK: ', threat.attack]] as const) if (ids.length) classes.push([strong(label), ...joined(ids.map(referenceLink))]);
  if (threat.owasp.length) classes.push([strong('OWASP: '), text(threat.owasp.join(', '))]);
  if (classes.length) {
    blocks.push(heading('Classification'));
    blocks.push(list(classes));
  }

  const owners = ownersOfThreat(threat, context);
  blocks.push(heading('Owners'));
  blocks.push(paragraph(text(owners.length ? owners.join(', ') : 'No owner is recorded (add CODEOWNERS or `owners` in .threatcode.yml).')));
  blocks.push(paragraph(...footer(threat, context)));
  return { blocks };
}

export function ticketContent(threat: Threat, context: ContentContext): TicketContent {
  return { threatId: threat.id, product: context.product, severity: threat.severity, title: ticketTitle(threat), body: ticketBody(threat, context), owners: ownersOfThreat(threat, context) };
}

function commitInline(product: ContentModel['product']): Inline {
  const commit = product.commit;
  if (!commit) return text('the analysed version (commit unknown)');
  const repo = repoWeb(product.repository);
  return repo ? { text: commit.slice(0, 12), code: true, href: commitLink(repo, commit) } : code(commit.slice(0, 12));
}

/** The comment on a ticket whose threat is gone from the code (fix verified). */
export function fixedComment(model: ContentModel): Doc {
  return {
    blocks: [
      paragraph(strong('Fix verified. '), text('threatcode no longer finds this threat in the code at commit '), commitInline(model.product), text('; closing the ticket. Thank you!')),
      paragraph(text(`Checked by threatcode ${VERSION}. If the threat comes back, threatcode reopens this ticket.`)),
    ],
  };
}

/** The comment on a ticket whose threat the model marks resolved or mitigated. */
export function resolvedComment(model: ContentModel, threat: Pick<Threat, 'status' | 'statusReason'>): Doc {
  return {
    blocks: [paragraph(strong('Resolved in the threat model. '), text(`The model built at commit `), commitInline(model.product), text(` marks this threat ${threat.status}${threat.statusReason ? ` (${threat.statusReason})` : ''}; closing the ticket.`))],
  };
}

/** The comment on a ticket closed as done whose threat is still in the code. */
export function notVerifiedComment(model: ContentModel, threat: Threat, reopened: boolean): Doc {
  const repo = repoWeb(model.product.repository);
  return {
    blocks: [
      paragraph(strong('Fix not verified. '), text('This ticket was closed as done, but threatcode still finds the threat in the code at commit '), commitInline(model.product), text(reopened ? '; reopening it.' : '.')),
      ...(threat.evidence.length ? [list(threat.evidence.slice(0, MAX_EVIDENCE).map((e) => evidenceItem(e, repo, model.product.commit))), ...(threat.evidence[0].snippet ? [codeBlock(threat.evidence[0].snippet, languageOf(threat.evidence[0].file))] : [])] : []),
      paragraph(text(reopened ? 'If the fix is in a branch that is not merged yet, it closes again once threatcode sees it on the analysed branch.' : 'threatcode does not reopen tickets here (trackers.reopen is false); reopen it if the fix is incomplete.')),
    ],
  };
}
