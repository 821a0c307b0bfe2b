// OS command injection from request data: reports tainted `command` sink facts from the taint extractors.
import { at, reportTaintSinks } from '../../extract/js/_lib/taint-report.js';
import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'command-injection',
    pack: 'web',
    title: 'OS command injection from request data',
    description:
      'Request data reaches a shell command or the program name of a child process, so a client can run commands on the server.',
    stride: ['T', 'I', 'E'],
    cwe: ['CWE-78'],
    capec: ['CAPEC-88'],
    attack: ['T1190', 'T1059.004'],
    owasp: ['A03:2021'],
    likelihood: 'high',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can send requests to {{route}}',
      threatAction: 'run operating system commands by placing shell syntax in {{source}}, which reaches {{api}}',
      threatImpact: 'full control of the server process and its data',
      impactedGoal: ['confidentiality', 'integrity', 'availability'],
      impactedAssets: ['server host', 'application data'],
    },
    mitigation: {
      title: 'Run programs without a shell and with allow-listed arguments',
      content:
        'Use execFile or spawn with a fixed program and an argument array, without shell: true; validate arguments against an allow-list; prefer a library API over invoking a command.',
      controls: { cwe: ['CWE-78'], asvs: ['V5.3.8'], nist80053: ['SI-10', 'CM-7'] },
      remediation: "At {{file}}:{{line}}, replace {{api}} with execFile('program', [arg]) without a shell and validate {{source}} against an allow-list.",
      remediationByLanguage: {
        python: "At {{file}}:{{line}}, call subprocess.run(['program', value]) with an argument list and without shell=True instead of {{api}}, and validate {{source}} against an allow-list (shlex.quote only if a shell is unavoidable).",
        go: "At {{file}}:{{line}}, run the program directly with separate arguments, exec.CommandContext(ctx, \"program\", value), never through sh -c, and validate {{source}} against an allow-list.",
        java: "At {{file}}:{{line}}, start a fixed executable with separate arguments, new ProcessBuilder(\"program\", value), never Runtime.exec of a built string or sh -c, and validate {{source}} against an allow-list.",
        csharp: "At {{file}}:{{line}}, start a fixed executable with ProcessStartInfo { FileName = \"program\", UseShellExecute = false } and add {{source}} through ArgumentList after checking it against an allow-list; never run cmd.exe /c or sh -c.",
        ruby: "At {{file}}:{{line}}, pass the program and its arguments separately, system('program', value) or Open3.capture2('program', value), never one interpolated string or backticks, and validate {{source}} against an allow-list.",
        php: "At {{file}}:{{line}}, avoid {{api}} on {{source}}; if a command is needed, quote each argument with escapeshellarg() (or use Symfony Process with an argument array) and validate it against an allow-list.",
      },
    },
    references: [
      'https://cheatsheetseries.owasp.org/cheatsheets/OS_Command_Injection_Defense_Cheat_Sheet.html',
      'https://nodejs.org/api/child_process.html#child_processexecfilefile-args-options-callback',
      'https://cwe.mitre.org/data/definitions/78.html',
    ],
  },
  check(ctx) {
    reportTaintSinks(ctx, {
      kind: 'command',
      remediation: (f) =>
        /spawn|execFile|execa$/.test(f.api)
          ? `At ${at(f)}, call ${f.api} with a fixed program name, no shell option, and ${f.source} only as a validated argument in the array.`
          : `At ${at(f)}, replace ${f.api} with execFile('program', [arg]) (no shell) and check ${f.source} against an allow-list.`,
    });
  },
});
