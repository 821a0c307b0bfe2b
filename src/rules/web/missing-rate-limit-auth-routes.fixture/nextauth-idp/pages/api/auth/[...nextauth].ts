import NextAuth from 'next-auth';
import { authOptions } from '../../../lib/auth';

// The only credentials provider redeems an identity provider's one-time code: nothing to guess.
// ok: missing-rate-limit-auth-routes
export default NextAuth(authOptions);
