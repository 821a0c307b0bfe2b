import type { Extractor } from '../../types.js';
import { jvmFile, jvmLanguage } from '../_lib/files.js';
import { jaxrsRoutes, routeFacts } from '../_lib/routes.js';

export const extractor: Extractor = {
  id: 'java/jaxrs',
  title: 'JAX-RS / Jakarta REST resources (Jersey, RESTEasy, Quarkus) with @RolesAllowed / @PermitAll',
  matches: (path) => jvmLanguage(path) !== undefined,
  signals: ['@Path'],
  extract(file, ctx) {
    if (!/\b(?:javax|jakarta)\.ws\.rs\b/.test(file.content)) return null;
    const jvm = jvmFile(file, ctx);
    if (!jvm) return null;
    const facts = routeFacts(file.path, jvm.classes.flatMap(jaxrsRoutes), (line) => jvm.lines.evidence(file.path, line));
    return facts.length > 0 ? facts : null;
  },
};
