import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth';

// ok: missing-rate-limit-auth-routes
const handler = NextAuth(authOptions);
export { handler as GET, handler as POST };
