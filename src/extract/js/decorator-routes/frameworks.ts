// The decorator vocabularies of the controller frameworks other than NestJS: what marks a class as
// a controller and gives its path, which method decorators register routes, and how each says who
// may call them. A decorator counts only when its name is imported from the framework's package,
// so a project's own `@Get` or a NestJS controller in the same repository is never read as one.

export interface DecoratorFramework {
  /** `framework` of the entry points. */
  id: string;
  /** Packages the decorators are imported from. */
  modules: readonly string[];
  /** Class decorators that make a controller; their first argument is the path prefix. */
  controller: ReadonlySet<string>;
  /** Method decorators → HTTP method; their first argument is the path. */
  methods: ReadonlyMap<string, string>;
  /** `Method('get', '/x')` / `httpMethod('get', '/x')`: the verb is the first argument. */
  anyMethod?: string;
  /** Middleware passed after the path, on the controller and on each route (inversify). */
  middlewareInArgs?: boolean;
  /** Middleware may be a DI service identifier bound to a middleware class (inversify, di.ts). */
  diMiddleware?: boolean;
  /** Decorators whose arguments are middleware run before the handler. */
  middleware: ReadonlySet<string>;
  /** Path parameters written `{id}` (tsoa) instead of `:id`. */
  bracedParams?: boolean;
  /** Options of the server set-up call that prefix every route (`routePrefix`, `rootPath`). */
  prefixOption?: { calls: ReadonlySet<string>; option: string };
  /**
   * Middleware the decorators name is an ordinary Express middleware function: an imported one is
   * judged by link like a route's own (js/express), not left `unknown` (OvernightJS).
   */
  plainMiddleware?: boolean;
  /** Class decorator listing child controllers, mounted under this controller's path behind its class middleware (OvernightJS `@ChildControllers`). */
  children?: string;
  /** The application's own decorator set (in-house.ts): access decorators and route options read by their names. */
  inHouse?: boolean;
  /** The verb and path are properties of one options object (`@HTTPMethod({ method: HTTPMethodEnum.GET, path })`, tegg). */
  optionsMethod?: string;
  /** Controllers check the caller in the method body (tegg's `ctx`): the body is summarised like an Express handler's. */
  handlerBody?: boolean;
}

const verbs = (names: Record<string, string>) => new Map(Object.entries(names));

export const FRAMEWORKS: readonly DecoratorFramework[] = [
  {
    id: 'routing-controllers',
    modules: ['routing-controllers'],
    controller: new Set(['JsonController', 'Controller']),
    methods: verbs({ Get: 'GET', Post: 'POST', Put: 'PUT', Patch: 'PATCH', Delete: 'DELETE', Head: 'HEAD', All: 'ALL' }),
    anyMethod: 'Method',
    middleware: new Set(['UseBefore']),
    prefixOption: { calls: new Set(['useExpressServer', 'createExpressServer', 'useKoaServer', 'createKoaServer', 'createServer']), option: 'routePrefix' },
  },
  {
    id: 'inversify-express-utils',
    modules: ['inversify-express-utils'],
    controller: new Set(['controller']),
    methods: verbs({ httpGet: 'GET', httpPost: 'POST', httpPut: 'PUT', httpPatch: 'PATCH', httpDelete: 'DELETE', httpHead: 'HEAD', httpOptions: 'OPTIONS', all: 'ALL' }),
    anyMethod: 'httpMethod',
    middlewareInArgs: true,
    diMiddleware: true,
    middleware: new Set(),
    prefixOption: { calls: new Set(['InversifyExpressServer']), option: 'rootPath' },
  },
  {
    id: 'tsoa',
    modules: ['tsoa', '@tsoa/runtime'],
    controller: new Set(['Route']),
    methods: verbs({ Get: 'GET', Post: 'POST', Put: 'PUT', Patch: 'PATCH', Delete: 'DELETE', Head: 'HEAD', Options: 'OPTIONS' }),
    middleware: new Set(['Middlewares']),
    bracedParams: true,
  },
  {
    // OvernightJS: `@Controller('users')` mounts the class's router at `/users`; `@ClassMiddleware`
    // is `router.use`d before every route of the class and of its `@ChildControllers`.
    id: 'overnightjs',
    modules: ['@overnightjs/core'],
    controller: new Set(['Controller']),
    methods: verbs({ Get: 'GET', Post: 'POST', Put: 'PUT', Patch: 'PATCH', Delete: 'DELETE', Head: 'HEAD', Options: 'OPTIONS', All: 'ALL' }),
    middleware: new Set(['Middleware', 'ClassMiddleware']),
    plainMiddleware: true,
    children: 'ChildControllers',
  },
  {
    // Egg.js tegg: `@HTTPController({ path: '/x' })`, `@HTTPMethod({ method: HTTPMethodEnum.GET, path: '/:id' })`,
    // `@Middleware(fn)` (a Koa `(ctx, next)` function) on the class or the method. Egg 4 re-exports them from `egg`.
    id: 'tegg',
    modules: ['@eggjs/tegg', 'egg', '@eggjs/controller-decorator', '@eggjs/tegg-controller-plugin'],
    controller: new Set(['HTTPController']),
    methods: new Map(),
    optionsMethod: 'HTTPMethod',
    middleware: new Set(['Middleware']),
    plainMiddleware: true,
    handlerBody: true,
  },
];

/**
 * Signals: the package names, which every file using the decorators imports; `inversify` also
 * marks container set-up (bindings), and `express` the middleware classes a binding names;
 * `Controller(` the class decorator of an application's own decorator set (in-house.ts).
 */
export const PACKAGE_SIGNALS = ['routing-controllers', 'inversify', 'tsoa', 'express', '@overnightjs/core', 'Controller('];
