// Well-known products that advisories name in prose or in CVE records (vendor/product, not a
// package ecosystem): the kernel and system libraries that ship inside base images, and a few
// libraries whose CVE records never name their package (Log4j, Spring). Curated on purpose: a
// wrong guess here would put the wrong teams on an incident bridge.
import type { SystemComponentId } from './types.js';

export interface KnownComponent {
  id: string;
  title: string;
  /** Matches a normalised product name (lower case, single spaces). */
  names: RegExp;
  /** Set for components below the application (judged from images and deployments). */
  system?: SystemComponentId;
  /** Packages that carry the component, in ecosystems threatcode sees. */
  packages: { ecosystem: string; name: string }[];
}

const deb = (...names: string[]) => names.map((name) => ({ ecosystem: 'debian', name }));
const apk = (...names: string[]) => names.map((name) => ({ ecosystem: 'alpine', name }));

export const KNOWN_COMPONENTS: readonly KnownComponent[] = [
  { id: 'linux-kernel', title: 'Linux kernel', names: /^(the )?(linux( kernel)?|kernel|linux kernel \S+)$/, system: 'linux-kernel', packages: [] },
  {
    id: 'openssl',
    title: 'OpenSSL',
    names: /^(openssl|libssl|libcrypto)$/,
    system: 'openssl',
    packages: [...deb('openssl', 'libssl3', 'libssl3t64', 'libssl1.1', 'libssl-dev'), ...apk('openssl', 'libssl3', 'libcrypto3', 'libssl1.1', 'libcrypto1.1')],
  },
  { id: 'glibc', title: 'GNU C Library (glibc)', names: /^(glibc|gnu c library|gnu libc|libc6|eglibc)$/, system: 'glibc', packages: deb('libc6', 'libc-bin', 'glibc') },
  { id: 'musl', title: 'musl libc', names: /^musl( libc)?$/, system: 'musl', packages: apk('musl', 'musl-utils') },
  { id: 'openssh', title: 'OpenSSH', names: /^(openssh|openssh-server|sshd)$/, system: 'openssh', packages: [...deb('openssh-server', 'openssh-client', 'openssh'), ...apk('openssh', 'openssh-server', 'openssh-client')] },
  { id: 'curl', title: 'curl / libcurl', names: /^(curl|libcurl)$/, system: 'curl', packages: [...deb('curl', 'libcurl4', 'libcurl4t64'), ...apk('curl', 'libcurl')] },
  { id: 'zlib', title: 'zlib', names: /^zlib$/, system: 'zlib', packages: [...deb('zlib1g'), ...apk('zlib')] },
  { id: 'xz', title: 'XZ Utils / liblzma', names: /^(xz|xz utils|xz-utils|liblzma)$/, system: 'xz', packages: [...deb('xz-utils', 'liblzma5'), ...apk('xz', 'xz-libs')] },
  { id: 'bash', title: 'GNU Bash', names: /^(gnu )?bash$/, system: 'bash', packages: [...deb('bash'), ...apk('bash')] },
  { id: 'sudo', title: 'sudo', names: /^sudo$/, system: 'sudo', packages: [...deb('sudo'), ...apk('sudo')] },
  { id: 'nginx', title: 'nginx', names: /^(f5 )?nginx( open source)?$/, system: 'nginx', packages: [{ ecosystem: 'docker', name: 'nginx' }, ...deb('nginx'), ...apk('nginx')] },
  { id: 'busybox', title: 'BusyBox', names: /^busybox$/, system: 'busybox', packages: [{ ecosystem: 'docker', name: 'busybox' }, ...apk('busybox')] },
  { id: 'systemd', title: 'systemd', names: /^systemd$/, system: 'systemd', packages: deb('systemd', 'libsystemd0') },
  {
    id: 'log4j',
    title: 'Apache Log4j 2',
    names: /^(apache )?log4j ?2?( core)?$|^log4j-core$/,
    packages: [{ ecosystem: 'maven', name: 'org.apache.logging.log4j:log4j-core' }],
  },
  {
    id: 'spring-framework',
    title: 'Spring Framework',
    names: /^(vmware |pivotal )?spring( framework)?$/,
    packages: ['spring-beans', 'spring-core', 'spring-webmvc', 'spring-webflux'].map((a) => ({ ecosystem: 'maven', name: `org.springframework:${a}` })),
  },
];

export function normalizeProductName(text: string): string {
  return text.toLowerCase().replace(/[_\s]+/g, ' ').replace(/[^\w .+-]/g, '').trim();
}

/** The known component a product name (optionally with its vendor) stands for. */
export function findComponent(product: string, vendor?: string): KnownComponent | undefined {
  const name = normalizeProductName(product);
  const vendorName = vendor ? normalizeProductName(vendor) : '';
  const candidates = [name, vendorName && vendorName !== 'n/a' && vendorName !== 'na' ? `${vendorName} ${name}` : ''].filter(Boolean);
  return KNOWN_COMPONENTS.find((c) => candidates.some((n) => c.names.test(n)));
}
