// Paths of files that never run in production, by folder or name: shared by the container and
// secret rules (severity caps) and the Compose extractor (a developer's stack does not decide a
// component's exposure).

/**
 * Images that never run in a deployment: VS Code / Codespaces dev containers and images built only
 * for test suites. Runtime hardening findings (root user, health check, privileges, host mounts)
 * do not apply to them; secrets and supply-chain findings still do.
 */
const DEVELOPMENT_DIRS = /(^|\/)(\.devcontainer|tests?|e2e|__tests__|testdata|cypress|playwright)\//;
/**
 * Folders of code and stacks that never run in production either: test suites under other names
 * (`e2e_tests/`, `integration-tests/`, `test-migrations/`, `api-tests/`), benchmarks, seed tools
 * (`seed/`, `seed-snapshot/`), CI workflows (`.github/`), developer scripts (`scripts/`,
 * `.scripts/`), test stacks (`docker-compose-tests/`), a monorepo's development server package
 * (`packages/dev-server/`, which loads example and test plugins) and the stand-in servers of test and scan
 * harnesses (`infosec-scan/`, `oauth2-test-server/`). Secrets and published ports there are a
 * developer's machine or a CI run.
 */
const NON_PRODUCTION_DIRS =
  /(^|\/)(__mocks__|mocks?|fixtures?|e2e[-_]tests?|(integration|api|load|perf|smoke|acceptance)[-_]tests?|tests?[-_][\w-]+|[\w-]+[-_]tests|([\w-]*[-_])?(test|fake|stub)[-_]servers?|(infosec|security|pen|vuln)[-_]?scans?|dev[-_]?servers?|bench(marks?)?|seeds?|seeders|seed[-_][\w-]+|\.github|\.?scripts)\//i;
/**
 * `Dockerfile.dev`, `local.Dockerfile`, `relational.e2e.Dockerfile`, `docker-compose.test.yml`,
 * `docker-compose.document.ci.yaml`, `compose.dev.yaml`, `compose.override.yaml`,
 * `Dockerfile.integration`, `docker-compose.integration.yml`.
 */
const DEVELOPMENT_FILES = /(^|\/)(Dockerfile[.-](dev|development|local|test|e2e|ci|integration)|([\w-]+[.-])?(dev|development|local|test|e2e|ci|integration)\.Dockerfile|(docker-)?compose([.-][\w-]+)*[.-](dev|development|local|test|tests|e2e|ci|override|integration)\.ya?ml)$/i;

export function isDevelopmentOnly(file: string): boolean {
  return DEVELOPMENT_DIRS.test(file) || NON_PRODUCTION_DIRS.test(file) || DEVELOPMENT_FILES.test(file);
}

/**
 * Source files that never run in production: tests, mocks and test fixtures (`*.test.ts`, `mock.ts`,
 * `fixtures.ts`, `*.mock.ts`, sample data such as `mock-events.ts`), seed scripts (`seed.js`, `seed-users.ts`), development entry points
 * (`server-dev.ts`, `vite.dev.ts`, `dev-server.js`), or anything in the folders above.
 * Credentials written there log into a developer's database or a test double.
 */
const NON_PRODUCTION_FILES =
  /(^|\/)([\w.-]+\.(test|spec|e2e|cy|stories|mock|mocks|fixture|fixtures|seed)\.[cm]?[jt]sx?|(mocks?|fixtures?)\.[cm]?[jt]sx?|seed(s|er|ers)?([-_.][\w-]+)?\.[cm]?[jt]sx?|[\w.-]+[-.]dev\.[cm]?[jt]sx?|dev[-_][\w-]+\.[cm]?[jt]sx?|mock[-_][\w-]+\.[cm]?[jt]sx?)$/i;

export function isNonProductionCode(file: string): boolean {
  return isDevelopmentOnly(file) || NON_PRODUCTION_FILES.test(file);
}
