import { authHandler } from '../../../../server/auth';

// The sign-in endpoint itself (OAuth callbacks, CSRF token, session): public by design.
// ok: unauthenticated-state-changing-route
export { authHandler as GET, authHandler as POST };
