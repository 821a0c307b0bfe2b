import NextAuth from 'next-auth';
import { authOptions } from '../../../lib/auth';

// ruleid: missing-rate-limit-auth-routes
export default NextAuth(authOptions);
