// Secret defaults: one production refuses, those every deployment without the variable signs with.
// ruleid: hardcoded-credentials
const DEFAULT_SECRET = 'supersecret';

export function defineConfig(http = {}) {
  return {
    jwtSecret: process.env.JWT_SECRET || DEFAULT_SECRET,
    // ruleid: hardcoded-credentials
    refreshJwtSecret: process.env.REFRESH_JWT_SECRET || 'fallback-jwt-key',
    ...http,
  };
}

export class ConfigLoader {
  #isProduction = process.env.NODE_ENV === 'production';

  rejectErrors(error: string) {
    if (this.#isProduction) {
      throw new Error(error);
    }
    console.warn(error);
  }

  build(http: { cookieSecret?: string }) {
    http.cookieSecret = http.cookieSecret ?? process.env.COOKIE_SECRET;
    if (!http.cookieSecret) {
      this.rejectErrors('http.cookieSecret not found');
      // ruleid: hardcoded-credentials
      http.cookieSecret = 'supersecret';
    }
    return http;
  }
}
