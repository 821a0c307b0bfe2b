// Django and Django REST framework: URLconfs (path/re_path/url, include, DRF routers, the admin
// site) and views (function views, class-based views, APIViews, ViewSets with @action). Each file
// leaves records; link joins patterns to views across files into entry points.
import type { FactInput } from '../../../model/types.js';
import type { Extractor } from '../../types.js';
import { isPythonFile, isPythonTestFile, pyIndex } from '../_lib/index.js';
import { linkPython } from '../_lib/link.js';
import { djangoUrls } from './urls.js';
import { djangoViews } from './views.js';

export const extractor: Extractor = {
  id: 'python/django',
  title: 'Django and DRF: URL patterns, includes, routers, views, mixins, permission classes',
  matches: (path) => isPythonFile(path) && !isPythonTestFile(path),
  signals: ['django', 'rest_framework'],
  extract(file, ctx) {
    const index = pyIndex(file, ctx);
    if (!index.importsFrom('django', 'rest_framework')) return null;
    const facts: FactInput[] = [];
    if (file.content.includes('urlpatterns') || file.content.includes('.register(')) facts.push(...djangoUrls(index));
    facts.push(...djangoViews(index));
    return facts.length > 0 ? facts : null;
  },
  link: linkPython,
};
