import type { NextAuthOptions } from 'next-auth';
import GitHubProvider from 'next-auth/providers/github';

// Sign-in happens at GitHub: there is no password or mail to throttle here.
export const authOptions: NextAuthOptions = {
  providers: [GitHubProvider({ clientId: process.env.GITHUB_ID ?? '', clientSecret: process.env.GITHUB_SECRET ?? '' })],
};
