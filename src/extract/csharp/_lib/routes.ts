// ASP.NET Core MVC / Web API attribute routing, shared by the route and sink extractors.
import type { AuthLevel } from '../../../model/types.js';
import { joinPath } from '../../js/_lib/routes.js';
import { levelOfRoles } from '../../java/_lib/access.js';
import { adminLikeText } from '../../js/_lib/routes.js';
import { attr, type CsAttribute, type CsClass, type CsMethod } from './model.js';

export interface CsRoute {
  method: string;
  path: string;
  cls: CsClass;
  action: CsMethod;
  line: number;
}

const VERBS: Record<string, string> = { HttpGet: 'GET', HttpPost: 'POST', HttpPut: 'PUT', HttpDelete: 'DELETE', HttpPatch: 'PATCH', HttpHead: 'HEAD', HttpOptions: 'OPTIONS' };

export function isController(cls: CsClass): boolean {
  return cls.attributes.some((a) => a.name === 'ApiController' || a.name === 'Controller') || (/Controller$/.test(cls.name) && cls.bases.some((b) => /^(?:Controller|ControllerBase|ApiController)$/.test(b)));
}

function template(path: string, cls: CsClass, action: CsMethod): string {
  return path
    .replace(/\[controller\]/gi, cls.name.replace(/Controller$/, ''))
    .replace(/\[action\]/gi, action.name)
    .replace(/\{\*{0,2}(\w+)[^}]*\}/g, ':$1');
}

/** `/Login` for LoginController.Index, `/Login/Confirm` for Confirm, `/` for HomeController.Index ([ActionName] and the dropped `Async` suffix honoured). */
function conventionalPath(cls: CsClass, action: CsMethod): string {
  const controller = cls.name.replace(/Controller$/, '');
  const name = attr(action.attributes, 'ActionName')?.values[0] ?? action.name.replace(/(?<=.)Async$/, '');
  if (name === 'Index') return controller === 'Home' ? '/' : `/${controller}`;
  return `/${controller}/${name}`;
}

export function controllerRoutes(cls: CsClass): CsRoute[] {
  if (!isController(cls)) return [];
  const prefixes = cls.attributes.filter((a) => a.name === 'Route').map((a) => a.values[0] ?? a.named.template ?? '');
  const out: CsRoute[] = [];
  for (const action of cls.methods) {
    const verbs = action.attributes.filter((a) => VERBS[a.name] || a.name === 'AcceptVerbs');
    if (verbs.length === 0) continue;
    const routeAttr = attr(action.attributes, 'Route');
    for (const v of verbs) {
      const own = v.values[0] ?? v.named.template ?? routeAttr?.values[0];
      const methods = VERBS[v.name] ? [VERBS[v.name]] : v.values.map((x) => x.toUpperCase());
      // No template on the class nor the action: the action is reached through conventional
      // routing (`MapDefaultControllerRoute()`: `{controller=Home}/{action=Index}/{id?}`).
      if (prefixes.length === 0 && own === undefined && !cls.attributes.some((a) => a.name === 'ApiController')) {
        for (const method of methods) out.push({ method, path: conventionalPath(cls, action), cls, action, line: v.line });
        continue;
      }
      for (const prefix of prefixes.length > 0 ? prefixes : ['']) {
        const absolute = own !== undefined && /^~?\//.test(own);
        const raw = absolute ? (own ?? '').replace(/^~/, '') : joinPath(prefix, own ?? '');
        const path = template(raw.startsWith('/') ? raw : `/${raw}`, cls, action);
        for (const method of methods) out.push({ method, path, cls, action, line: v.line });
      }
    }
  }
  return out;
}

export interface AttributeAuth {
  level: AuthLevel;
  why: string;
  anonymous: boolean;
}

/** `[Authorize]`, `[Authorize(Roles = "Admin")]`, `[Authorize(Policy = "AdminOnly")]`, `[AllowAnonymous]`. */
export function attributeAuth(list: readonly CsAttribute[]): AttributeAuth | undefined {
  if (attr(list, 'AllowAnonymous')) return { level: 'none', why: '[AllowAnonymous]', anonymous: true };
  const a = attr(list, 'Authorize');
  if (!a) return undefined;
  const roles = a.named.Roles ?? '';
  const policy = a.named.Policy ?? a.values[0] ?? '';
  if (roles) return { level: levelOfRoles(roles.split(',')), why: `[Authorize(Roles = "${roles}")]`, anonymous: false };
  if (policy) return { level: adminLikeText(policy) ? 'admin' : 'user', why: `[Authorize("${policy}")]`, anonymous: false };
  return { level: 'user', why: '[Authorize]', anonymous: false };
}

/** Action attributes override the controller's; [AllowAnonymous] anywhere wins over [Authorize]. */
export function routeAuth(route: CsRoute): AttributeAuth | undefined {
  const own = attributeAuth(route.action.attributes);
  const cls = attributeAuth(route.cls.attributes);
  if (own?.anonymous || cls?.anonymous) return own?.anonymous ? own : cls;
  if (own && cls) return own.level === 'admin' || cls.level !== 'admin' ? own : cls;
  return own ?? cls;
}
