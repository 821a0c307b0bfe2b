// A small reader for Protocol Buffers IDL: package, services and their rpcs, with line numbers.
// Comments and string literals are blanked first (line breaks kept), so braces and keywords inside
// them cannot confuse the scan.

export interface ProtoRpc {
  name: string;
  request: string;
  response: string;
  clientStreaming: boolean;
  serverStreaming: boolean;
  line: number;
  /** `option (google.api.http) = { get: "/v1/x" }` mappings (grpc-gateway), as method + path. */
  http?: { method: string; path: string };
}

export interface ProtoService {
  name: string;
  line: number;
  rpcs: ProtoRpc[];
}

export interface ProtoFile {
  package: string;
  services: ProtoService[];
}

/** Replaces comments with spaces and keeps strings (http paths live in them) but blanks their braces. */
function blankComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') {
        out += ' ';
        i++;
      }
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      for (; i < stop; i++) out += text[i] === '\n' ? '\n' : ' ';
    } else if (c === '"' || c === "'") {
      out += c;
      i++;
      while (i < text.length && text[i] !== c && text[i] !== '\n') {
        const ch = text[i] === '\\' ? (out += ' ', i++, ' ') : text[i];
        out += ch === '{' || ch === '}' || ch === ';' ? ' ' : ch;
        i++;
      }
      if (i < text.length) out += text[i++];
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The text between the `{` at `open` and its matching `}`. */
function blockEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return text.length;
}

const RPC = /\brpc\s+(\w+)\s*\(\s*(stream\s+)?([\w.]+)\s*\)\s*returns\s*\(\s*(stream\s+)?([\w.]+)\s*\)\s*([;{])/g;
const HTTP_RULE = /\b(get|put|post|delete|patch)\s*:\s*"([^"]+)"/;

export function parseProto(source: string): ProtoFile {
  const text = blankComments(source);
  const pkg = /\bpackage\s+([\w.]+)\s*;/.exec(text)?.[1] ?? '';
  const services: ProtoService[] = [];
  const serviceRe = /\bservice\s+(\w+)\s*\{/g;
  for (let m = serviceRe.exec(text); m !== null; m = serviceRe.exec(text)) {
    const open = m.index + m[0].length - 1;
    const close = blockEnd(text, open);
    const body = text.slice(open, close);
    const service: ProtoService = { name: m[1], line: lineAt(text, m.index), rpcs: [] };
    RPC.lastIndex = 0;
    for (let r = RPC.exec(body); r !== null; r = RPC.exec(body)) {
      const rpc: ProtoRpc = {
        name: r[1],
        request: r[3],
        response: r[5],
        clientStreaming: !!r[2],
        serverStreaming: !!r[4],
        line: lineAt(text, open + r.index),
      };
      if (r[6] === '{') {
        // Option strings (HTTP paths) are read from the source: the blanked text has no braces in strings.
        const optsOpen = open + r.index + r[0].length - 1;
        const opts = source.slice(optsOpen, blockEnd(text, optsOpen));
        const http = opts.includes('google.api.http') ? HTTP_RULE.exec(opts) : null;
        if (http) rpc.http = { method: http[1].toUpperCase(), path: http[2] };
      }
      service.rpcs.push(rpc);
    }
    services.push(service);
    serviceRe.lastIndex = close;
  }
  return { package: pkg, services };
}
