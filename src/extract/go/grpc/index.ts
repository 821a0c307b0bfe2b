// gRPC in Go: servers (`pb.RegisterFooServer(s, impl)` → an entry point per service, protocol grpc;
// authenticated when the server's interceptors check credentials and return Unauthenticated) and
// clients (`pb.NewFooClient(conn)` → an outbound call, protocol grpc, to the address the
// connection was dialled with: literal, env variable, or a field filled from one).
import type { SgNode } from '@ast-grep/napi';
import type { EntrypointFact, FactInput, OutboundCallFact } from '../../../model/types.js';
import type { Extractor } from '../../types.js';
import { judgeGoBody } from '../_lib/auth.js';
import { goIndex, goString, isGoFile, type GoIndex } from '../_lib/index.js';
import { goEnv, goTarget } from '../_lib/values.js';
import { urlTarget } from '../../python/_lib/targets.js';

function args(call: SgNode): SgNode[] {
  return (call.field('arguments')?.namedChildren() ?? []).filter((a) => a.kind() !== 'comment');
}

/** Interceptors given to grpc.NewServer, judged by the body of local functions or by library. */
function serverAuth(index: GoIndex): { level?: 'user' | 'admin'; why?: string } {
  for (const call of index.root.findAll({ rule: { kind: 'call_expression', has: { field: 'function', regex: '(Unary|Stream)(Server)?Interceptor$|ChainUnaryInterceptor$|ChainStreamInterceptor$' } } })) {
    for (const a of args(call)) {
      const text = a.text();
      if (/grpc_auth\.(Unary|Stream)ServerInterceptor|auth\.UnaryServerInterceptor/.test(text)) return { level: 'user', why: text.slice(0, 80) };
      const name = text.replace(/\(.*$/s, '').split('.').pop() ?? '';
      const fn = index.functions.find((f) => f.name === name);
      const level = fn ? judgeGoBody(fn.node.text()) : undefined;
      if (level) return { level, why: `${name} interceptor checks credentials` };
    }
  }
  return {};
}

/** Addresses by variable or field: `x.fooAddr` ← env, `conn` ← grpc.Dial(addr). */
function addresses(index: GoIndex): { env: Map<string, string>; conns: Map<string, string> } {
  const env = new Map<string, string>();
  const conns = new Map<string, string>();
  const tail = (t: string) => t.replace(/^&/, '').split('.').pop() ?? t;
  for (const call of index.root.findAll({ rule: { kind: 'call_expression' } })) {
    const a = args(call);
    const text = call.field('function')?.text() ?? '';
    // mustMapEnv(&svc.addr, "FOO_ADDR") and similar helpers
    const ref = a.find((x) => x.kind() === 'unary_expression' && x.text().startsWith('&'));
    const name = a.map((x) => goString(x)).find((s) => s && /^[A-Z][A-Z0-9_]+$/.test(s));
    if (ref && name && !/Dial|NewClient|Conn/i.test(text)) env.set(tail(ref.text()), `env:${name}`);
    if (/(^|\.)(Dial|DialContext|NewClient)$/.test(text) && index.resolve(text).startsWith('google.golang.org/grpc')) {
      const addr = a.find((x) => !/^ctx$|^context\./.test(x.text()));
      const target = addr ? (goString(addr) !== undefined ? urlTarget(`grpc://${goString(addr)}`) : (goTarget(addr, index) ?? env.get(tail(addr.text())))) : undefined;
      const assign = call.parent()?.parent();
      const left = assign?.field('left')?.namedChildren()[0]?.text();
      if (left && target) conns.set(tail(left), target);
    }
    // helpers like mustConnGRPC(ctx, &svc.fooConn, svc.fooAddr)
    if (/conn/i.test(text) && ref && a.length >= 2) {
      const addr = a[a.length - 1];
      const target = goString(addr) !== undefined ? urlTarget(`grpc://${goString(addr)}`) : (env.get(tail(addr.text())) ?? (goEnv(addr.text()) ? `env:${goEnv(addr.text())}` : undefined));
      if (target) conns.set(tail(ref.text()), target);
    }
  }
  return { env, conns };
}

export const extractor: Extractor = {
  id: 'go/grpc',
  title: 'Go gRPC: registered servers as entry points, generated clients as outbound calls',
  matches: isGoFile,
  // Stubs are often built in files that import only the generated package (`pb.NewCartServiceClient(conn)`).
  signals: ['google.golang.org/grpc', 'ServiceClient('],
  extract(file, ctx) {
    const index = goIndex(file, ctx);
    const facts: FactInput[] = [];
    const auth = serverAuth(index);
    for (const call of index.root.findAll({ rule: { kind: 'call_expression', has: { field: 'function', regex: 'Register[A-Za-z0-9_]+Server$' } } })) {
      const fn = call.field('function')?.text() ?? '';
      const service = /Register(\w+)Server$/.exec(fn)?.[1];
      if (!service || /^(grpc_health_v1|healthpb|reflection)\./.test(fn) || service === 'Health') continue;
      const fact: Omit<EntrypointFact, 'extractor'> = {
        kind: 'entrypoint',
        protocol: 'grpc',
        framework: 'grpc',
        path: `/${service}`,
        middleware: auth.why ? [auth.why] : [],
        auth: auth.level ?? 'none',
        authEvidence: auth.why ? [auth.why] : [],
        tags: [],
        evidence: index.evidence(call),
        key: `${index.file}#entrypoint:grpc ${service}`,
      };
      facts.push(fact);
    }
    const clients = index.root.findAll({ rule: { kind: 'call_expression', has: { field: 'function', regex: '\\.New[A-Za-z0-9_]+Client$' } } });
    if (clients.length > 0) {
      const { conns } = addresses(index);
      for (const call of clients) {
        const fn = call.field('function')?.text() ?? '';
        const service = /\.New(\w+)Client$/.exec(fn)?.[1];
        const pkgPath = index.resolve(fn);
        if (!service || !/pb|proto|grpc|genproto|api/i.test(pkgPath) || /^google\.golang\.org\/grpc/.test(pkgPath)) continue;
        const arg = args(call)[0]?.text().replace(/^&/, '') ?? '';
        const target = conns.get(arg.split('.').pop() ?? arg);
        const f: Omit<OutboundCallFact, 'extractor'> = { kind: 'outbound-call', protocol: 'grpc', library: 'grpc-go', tainted: false, evidence: index.evidence(call), key: `${index.file}#outbound-call:grpc:${service}` };
        if (target) f.target = target;
        else f.service = service;
        facts.push(f);
      }
    }
    return facts.length > 0 ? facts : null;
  },
};
