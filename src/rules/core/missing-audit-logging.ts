import { defineRule } from '../types.js';

/**
 * Entry points of admin sites a framework provides and audits itself (Django's admin writes a
 * LogEntry per change): they are not the project's own administrative code.
 */
const FRAMEWORK_ADMIN_TAGS = ['django-admin'];

/**
 * Logging libraries, and frameworks that ship one (Fastify bundles pino behind `logger` and
 * `request.log`; Nest's Logger is in @nestjs/common; hapi logs through its plugins).
 */
const LOGGERS = new Set(['winston', 'pino', 'bunyan', 'log4js', 'morgan', 'signale', 'loglevel', 'consola', 'tslog', 'roarr', 'express-winston', 'pino-http', 'nestjs-pino', '@nestjs/common', 'fastify', 'koa-logger', 'koa-pino-logger', 'hapi-pino', '@hapi/good', 'structlog', 'loguru', 'logrus', 'zap', 'zerolog', 'slf4j-api', 'logback-classic', 'serilog']);

export const rule = defineRule({
  meta: {
    id: 'missing-audit-logging',
    pack: 'core',
    title: 'Administrative actions in {{component}} leave no audit trail',
    description: '{{component}} has {{count}} administrative entry points but no logging library is declared, so privileged changes cannot be attributed or investigated.',
    stride: ['R'],
    cwe: ['CWE-778'],
    capec: ['CAPEC-268'],
    attack: ['T1070'],
    owasp: ['A09:2021'],
    likelihood: 'medium',
    impact: 'low',
    confidence: 'low',
    architectural: true,
    grammar: {
      threatSource: 'malicious or compromised administrator',
      prerequisites: 'with access to the administrative functions of {{component}}',
      threatAction: 'change users, orders or settings through {{example}}',
      threatImpact: 'actions that cannot be attributed or reconstructed afterwards',
      impactedGoal: ['accountability'],
      impactedAssets: ['audit trail of {{component}}'],
    },
    mitigation: {
      title: 'Record an audit trail of privileged actions',
      content: 'Log who did what, when and to which record for every administrative or security-relevant action, to an append-only store outside the service.',
      controls: { cwe: ['CWE-778'], asvs: ['V7.1.3', 'V7.2.2'], nist80053: ['AU-2', 'AU-3', 'AU-12'] },
      remediation: 'Add structured audit logging (actor, action, target, result) to the administrative routes of {{component}}, e.g. with pino or winston shipped to central storage.',
      remediationByLanguage: {
        python: "Add structured audit logging (actor, action, target, result) to the administrative views of {{component}}, e.g. a dedicated logging or structlog audit logger shipped to central storage.",
        go: "Add structured audit logging (actor, action, target, result) to the administrative handlers of {{component}}, e.g. log/slog or zap with an audit logger shipped to central storage.",
        java: "Add structured audit logging (actor, action, target, result) to the administrative endpoints of {{component}}, e.g. a dedicated SLF4J audit logger (or Spring Boot AuditEventRepository) shipped to central storage.",
        csharp: "Add structured audit logging (actor, action, target, result) to the administrative actions of {{component}}, e.g. ILogger or Serilog with an audit sink in central storage.",
        ruby: "Add an audit trail (actor, action, target, result) to the administrative actions of {{component}}, e.g. the audited or paper_trail gem, or a dedicated Rails logger shipped to central storage.",
        php: "Add structured audit logging (actor, action, target, result) to the administrative routes of {{component}}, e.g. a dedicated Monolog channel (Log::channel('audit') in Laravel) shipped to central storage.",
      },
    },
    references: ['https://cwe.mitre.org/data/definitions/778.html', 'https://owasp.org/Top10/A09_2021-Security_Logging_and_Monitoring_Failures/'],
  },
  check(ctx) {
    for (const component of ctx.system.components) {
      if (component.kind !== 'service' && component.kind !== 'function') continue;
      const admin = ctx.system.entryPoints.filter(
        (e) =>
          e.component === component.id &&
          (e.auth === 'admin' || e.tags.includes('admin-path')) &&
          !FRAMEWORK_ADMIN_TAGS.some((t) => e.tags.includes(t)) &&
          // Static files and API documentation under an admin path change nothing to audit.
          !(e.tags.includes('page-only') && (e.method === 'GET' || e.method === 'HEAD')),
      );
      if (admin.length === 0) continue;
      const hasLogger = ctx.factsOf('dependency').some((d) => d.direct && LOGGERS.has(d.name) && ctx.componentOf(d.manifest)?.id === component.id);
      if (hasLogger) continue;
      ctx.report({
        key: component.name,
        elements: [component.id],
        evidence: admin.slice(0, 3).map((e) => e.evidence[0]),
        data: { count: String(admin.length), example: `${admin[0].method ?? ''} ${admin[0].path ?? ''}`.trim() },
      });
    }
  },
});
