import inquirer from 'inquirer';

export async function ask(envs: Record<string, string>) {
  return inquirer.prompt([
    {
      type: 'input',
      name: 'DATABASE_URL',
      // The format of the answer, shown in the prompt.
      // ok: hardcoded-credentials
      message: 'Enter your Database URL (format: postgresql://user:pw@host:port/db):',
      // A default offered only when debugging the installer.
      // ruleid: hardcoded-credentials
      default: process.env.DEBUG ? 'postgresql://postgres:Xk29fhq1@op-db:5432/postgres' : undefined,
    },
  ]);
}

export const env = (envs: Record<string, string>) => ({
  // The database image's own default account on the Compose network.
  // ruleid: hardcoded-credentials
  DATABASE_URL: envs.DATABASE_URL || 'postgresql://postgres:postgres@op-db:5432/postgres',
  // A real password for a remote database.
  // ruleid: hardcoded-credentials
  REPLICA_URL: 'postgresql://reporting:Wq8r2LmZ@replica.internal.example.net:5432/app',
});
