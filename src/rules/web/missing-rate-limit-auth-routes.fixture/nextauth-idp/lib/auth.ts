import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { identityProvider } from './idp';

export const authOptions: NextAuthOptions = {
  providers: [
    CredentialsProvider({
      id: 'idp-code',
      name: 'Company login',
      credentials: { code: { type: 'text' } },
      async authorize(credentials) {
        if (!credentials?.code) return null;
        const { access_token } = await identityProvider.token({ code: credentials.code, grant_type: 'authorization_code', client_secret: process.env.IDP_SECRET });
        return access_token ? identityProvider.profile(access_token) : null;
      },
    }),
  ],
};
