export const config = {
  test: {
    env: {
      // Test runs point at a local database.
      // ok: hardcoded-credentials
      DATABASE_URL: 'postgresql://postgres:s3cr3tpw@localhost:5432/postgres',
    },
  },
};
