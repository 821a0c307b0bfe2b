// SQL injection from request data: reports tainted `sql` sink facts from the taint extractors.
import { at, reportTaintSinks } from '../../extract/js/_lib/taint-report.js';
import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'sql-injection',
    pack: 'web',
    title: 'SQL injection from request data',
    description:
      'Request data is concatenated into an SQL statement that is sent to the database without parameter binding, so a client can change the query.',
    stride: ['T', 'I', 'E'],
    cwe: ['CWE-89'],
    capec: ['CAPEC-66'],
    attack: ['T1190'],
    owasp: ['A03:2021'],
    likelihood: 'high',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can send requests to {{route}}',
      threatAction: 'inject SQL through {{source}} into the statement run by {{api}}',
      threatImpact: 'reading, changing or deleting database records beyond their privileges',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['database records'],
    },
    mitigation: {
      title: 'Bind request values as query parameters',
      content:
        'Keep SQL text constant and pass request values as bound parameters (placeholders such as $1 or ?), or use the query builder or ORM methods that bind values. Escaping by hand is a last resort.',
      controls: { cwe: ['CWE-89'], asvs: ['V5.3.4'], nist80053: ['SI-10'] },
      remediation: "At {{file}}:{{line}}, keep the SQL constant and pass {{source}} as a bound parameter, e.g. db.query('SELECT * FROM users WHERE id = $1', [id]).",
      remediationByLanguage: {
        python: "At {{file}}:{{line}}, keep the SQL constant and pass {{source}} as a parameter: cursor.execute('SELECT * FROM t WHERE id = %s', (value,)), text('... WHERE id = :id').bindparams(id=value) or Model.objects.raw('... WHERE id = %s', [value]); never format it into the string.",
        go: "At {{file}}:{{line}}, keep the SQL constant and pass {{source}} as an argument: db.QueryContext(ctx, \"SELECT * FROM t WHERE id = $1\", value) (? for MySQL and SQLite) instead of building it with fmt.Sprintf.",
        java: "At {{file}}:{{line}}, bind {{source}} as a parameter: jdbcTemplate.query(\"SELECT * FROM t WHERE id = ?\", mapper, value), a PreparedStatement, or em.createNativeQuery(\"... WHERE id = :id\").setParameter(\"id\", value); never concatenate it.",
        csharp: "At {{file}}:{{line}}, replace {{api}} with FromSqlInterpolated / ExecuteSqlInterpolated (EF Core turns the interpolation into parameters) or use SqlParameter objects with @name placeholders; never concatenate {{source}}.",
        ruby: "At {{file}}:{{line}}, pass {{source}} as a bind value: where('name = ?', value) or where(name: value), and sanitize_sql_array for raw SQL; never interpolate it into the string.",
        php: "At {{file}}:{{line}}, use a PDO prepared statement, prepare('SELECT * FROM t WHERE id = ?') then execute([$value]); in Laravel pass bindings, DB::select('... WHERE id = ?', [$value]) or whereRaw('id = ?', [$value]).",
      },
    },
    references: [
      'https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html',
      'https://cwe.mitre.org/data/definitions/89.html',
    ],
  },
  check(ctx) {
    reportTaintSinks(ctx, {
      kind: 'sql',
      remediation: (f) => {
        if (/whereRaw|Raw$/.test(f.api)) return `At ${at(f)}, pass ${f.source} through the bindings array: ${f.api.split('.').pop()}('name = ?', [value]).`;
        if (f.api.includes('$queryRawUnsafe') || f.api.includes('$executeRawUnsafe')) return `At ${at(f)}, replace ${f.api} with the tagged template prisma.$queryRaw\`... \${value}\`, which binds ${f.source} as a parameter.`;
        if (f.api.startsWith('createQueryBuilder')) return `At ${at(f)}, use a named parameter: .where('user.name = :name', { name }) instead of interpolating ${f.source}.`;
        return `At ${at(f)}, keep the SQL constant and pass ${f.source} as a bound parameter: ${f.api}('SELECT * FROM t WHERE id = $1', [id]) (use ? placeholders for MySQL and SQLite).`;
      },
    });
  },
});
