// Where source code implements or calls a gRPC service, read from the names that protoc's code
// generators give (Go, Python, Node, Java), and whether the channel is plaintext. Regex-level on
// purpose: the generated names are distinctive, and the language extractors need not know gRPC.

export interface GrpcUse {
  role: 'server' | 'client';
  service: string;
  line: number;
  /** true: TLS credentials seen in the file; false: insecure credentials seen; undefined: not said. */
  tls?: boolean;
  /** Line of the insecure credentials or port, when seen. */
  insecureLine?: number;
  /** The server installs interceptors/middleware (where authentication usually lives). */
  interceptors?: boolean;
}

interface Pattern {
  role: 'server' | 'client';
  re: RegExp;
}

const PATTERNS: Record<string, Pattern[]> = {
  go: [
    { role: 'server', re: /\bRegister(\w+)Server\s*\(/g },
    { role: 'client', re: /\bNew(\w+)Client\s*\(\s*\w/g },
  ],
  python: [
    { role: 'server', re: /\badd_(\w+)Servicer_to_server\s*\(/g },
    { role: 'client', re: /\b(\w+)Stub\s*\(\s*\w/g },
  ],
  node: [
    { role: 'server', re: /\.addService\s*\(\s*(?:[\w$]+\.)*?(\w+)\.service\b/g },
    { role: 'server', re: /\.addService\s*\(\s*(\w+)Service\b/g },
    { role: 'client', re: /\bnew\s+(?:[\w$]+\.)*?(\w+?)(?:Client)?\s*\(\s*[^,()]+,\s*(?:[\w$]+\.)?credentials\.create(?:Insecure|Ssl)/g },
  ],
  java: [
    { role: 'server', re: /\bextends\s+(\w+)Grpc\.\w+ImplBase\b/g },
    { role: 'client', re: /\b(\w+)Grpc\.new(?:Blocking|Future)?Stub\s*\(/g },
  ],
};

const INSECURE: Record<string, RegExp> = {
  go: /\binsecure\.NewCredentials\s*\(|\bgrpc\.WithInsecure\s*\(/,
  python: /\badd_insecure_port\s*\(|\binsecure_channel\s*\(/,
  node: /\bcredentials\.createInsecure\s*\(|ServerCredentials\.createInsecure\s*\(/,
  java: /\.usePlaintext\s*\(/,
};

const SECURE: Record<string, RegExp> = {
  go: /\bgrpc\.Creds\s*\(|\bcredentials\.NewTLS\s*\(|\bcredentials\.New(?:Client|Server)TLSFrom\w+\s*\(|\bWithTransportCredentials\s*\(\s*credentials\./,
  python: /\badd_secure_port\s*\(|\bsecure_channel\s*\(/,
  node: /\bcredentials\.createSsl\s*\(|ServerCredentials\.createSsl\s*\(/,
  java: /\.useTransportSecurity\s*\(|\bsslContext\s*\(/,
};

const INTERCEPTORS: Record<string, RegExp> = {
  go: /\b(?:Chain)?(?:Unary|Stream)Interceptor\s*\(/,
  python: /\binterceptors\s*=/,
  node: /\binterceptors\b/,
  java: /\bServerInterceptors?\b|\.intercept\s*\(/,
};

const NOT_SERVICES = new Set(['Http', 'HTTP', 'Redis', 'S3', 'Sqs', 'Kafka', 'Mongo', 'Storage', 'Api', 'Rest', 'Grpc', 'Default']);

export function languageOf(path: string): string | undefined {
  if (/\.go$/.test(path)) return 'go';
  if (/\.py$/.test(path)) return 'python';
  if (/\.[cm]?[jt]sx?$/.test(path) && !path.endsWith('.d.ts')) return 'node';
  if (/\.(?:java|kt)$/.test(path)) return 'java';
  return undefined;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function scanGrpcUsage(path: string, content: string): GrpcUse[] {
  const language = languageOf(path);
  if (!language) return [];
  // A Go server created without `grpc.Creds(...)` serves plaintext: that is the library default.
  const plainGoServer = language === 'go' && !SECURE.go.test(content) ? /\bgrpc\.NewServer\s*\(/.exec(content) : null;
  const insecure = INSECURE[language].exec(content) ?? plainGoServer;
  const tls = insecure ? false : SECURE[language].test(content) ? true : undefined;
  const uses: GrpcUse[] = [];
  const seen = new Set<string>();
  for (const { role, re } of PATTERNS[language]) {
    re.lastIndex = 0;
    for (let m = re.exec(content); m !== null; m = re.exec(content)) {
      const service = m[1];
      if (!service || NOT_SERVICES.has(service) || seen.has(`${role}:${service}`)) continue;
      seen.add(`${role}:${service}`);
      uses.push({
        role,
        service,
        line: lineAt(content, m.index),
        ...(tls !== undefined ? { tls } : {}),
        ...(insecure ? { insecureLine: lineAt(content, insecure.index) } : {}),
        ...(role === 'server' ? { interceptors: INTERCEPTORS[language].test(content) } : {}),
      });
    }
  }
  return uses;
}
