import { defineRule } from '../types.js';
import { elementsOf, evidenceAt, key, label, resources } from './_shared.js';

export const rule = defineRule({
  meta: {
    id: 'cloud-network-open-to-internet',
    pack: 'cloud',
    title: 'Firewall {{resource}} opens {{services}} to the internet',
    description: '{{resource}} allows inbound traffic from anywhere ({{rules}}). Remote administration and database ports reachable from the internet are scanned within minutes and attacked with password guessing and protocol exploits.',
    stride: ['S', 'I', 'E'],
    cwe: ['CWE-284'],
    capec: ['CAPEC-555'],
    attack: ['T1190', 'T1133'],
    owasp: ['A05:2021'],
    likelihood: 'high',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'internet attacker',
      prerequisites: 'who scans the address ranges of the cloud provider',
      threatAction: 'connect to {{services}} from anywhere and guess credentials or exploit the service',
      threatImpact: 'remote access to hosts and data behind the firewall',
      impactedGoal: ['confidentiality', 'integrity', 'availability'],
      impactedAssets: ['hosts behind {{resource}}'],
    },
    mitigation: {
      title: 'Restrict inbound rules to known sources',
      content: 'Allow administration only through a bastion, VPN or identity-aware proxy (SSM Session Manager, IAP, Azure Bastion) and database ports only from the application tier; never from 0.0.0.0/0.',
      controls: { cwe: ['CWE-284'], asvs: ['V1.9.1'], nist80053: ['SC-7', 'AC-4', 'AC-17'] },
      remediation: 'At {{file}}:{{line}} replace the open source range with the CIDR of the VPN or bastion, or a security group reference of the calling tier.',
    },
    references: ['https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-group-rules.html', 'https://attack.mitre.org/techniques/T1133/'],
  },
  check(ctx) {
    for (const f of resources(ctx, 'firewall')) {
      const rules = String(f.attributes?.openRules ?? '');
      if (!rules) continue;
      const services = [...new Set(rules.split('; ').map((r) => r.split(' → ')[1] ?? ''))].join(', ');
      ctx.report({ key: key(f, 'open'), evidence: [evidenceAt(f, 'openLine')], elements: elementsOf(ctx, f), data: { resource: label(f), rules: rules.replace(/→/g, 'to'), services } });
    }
  },
});
