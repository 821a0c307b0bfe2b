// js/link-targets: request values that become link targets. HTML escaping does not stop a
// `javascript:` URL printed into an href, and htmx navigates to whatever `HX-Redirect` says, so a
// URL field stored without a scheme check is stored XSS once a view prints it into a link. Facts
// are recorded here by field name; the javascript-url-xss rule joins accepts and outputs.
import type { FactInput } from '../../../model/types.js';
import { jsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { isTestFile } from '../_lib/routes.js';
import type { Extractor } from '../../types.js';
import { acceptFacts, mayAccept } from './accepts.js';
import { isServerTemplate, templateUrlOutputs } from './templates.js';

export const extractor: Extractor = {
  id: 'js/link-targets',
  title: 'Link targets: URL fields accepted from requests (and their scheme checks), printed into link attributes or navigation headers',
  matches: (path) => (isJsFile(path) || isServerTemplate(path)) && !isTestFile(path),
  // Templates: a link attribute (any letter case); code: a request body, express-validator, a
  // schema library, an htmx header.
  signals: ['href', 'HREF', 'Href', 'src', 'SRC', 'Src', 'action', 'ACTION', 'Action', 'data', 'DATA', 'Data', 'req.body', 'request.body', 'express-validator', 'zod', 'joi', 'yup', 'class-validator', 'HX-', 'hx-', 'Hx-'],
  extract(file, ctx) {
    if (isServerTemplate(file.path)) {
      const facts = templateUrlOutputs(file);
      return facts.length > 0 ? facts : null;
    }
    const c = file.content;
    // Plain substring tests first: most code files pass the signals through `src` or `data` alone.
    if (!c.includes('.body') && !c.includes('express-validator') && !c.includes('x-') && !c.includes('X-') && !c.includes('zod') && !c.includes('joi') && !c.includes('yup') && !c.includes('class-validator')) return null;
    if (!mayAccept(c)) return null;
    const facts: FactInput[] = acceptFacts(jsIndex(file, ctx), file.content);
    return facts.length > 0 ? facts : null;
  },
  // Accepts only matter for fields some view or header prints: the rest are dropped here so rules
  // and the model build do not carry one fact per stored body field of the repository.
  link(facts) {
    const printed = new Set<string>();
    for (const f of facts) if (f.kind === 'config' && (f.setting === 'url-attribute-output' || f.setting === 'url-header-output')) printed.add(String(f.values.field));
    return facts.filter((f) => f.kind !== 'config' || f.setting !== 'url-field-accept' || printed.has(String(f.values.field)));
  },
};
