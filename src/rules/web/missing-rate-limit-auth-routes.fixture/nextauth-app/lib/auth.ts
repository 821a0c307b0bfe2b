import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import EmailProvider from 'next-auth/providers/email';
import { verifyPassword } from './passwords';

export const authOptions: NextAuthOptions = {
  session: { strategy: 'jwt' },
  providers: [
    CredentialsProvider({
      name: 'Password',
      credentials: { email: { label: 'E-mail' }, password: { label: 'Password', type: 'password' } },
      authorize: async (credentials) => verifyPassword(credentials?.email, credentials?.password),
    }),
    EmailProvider({ server: process.env.EMAIL_SERVER, from: 'login@journal.test' }),
  ],
};
