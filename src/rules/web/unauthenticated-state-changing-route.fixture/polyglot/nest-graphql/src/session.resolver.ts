import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { SessionService } from './session.service';

@Resolver('Session')
export class SessionResolver {
  constructor(private readonly sessions: SessionService) {}

  // Logging in is public by design.
  // ok: unauthenticated-state-changing-route
  @Mutation(() => String)
  login(@Args('email') email: string, @Args('password') password: string) {
    return this.sessions.open(email, password);
  }

  // ok: unauthenticated-state-changing-route
  @Mutation(() => String)
  refreshAccessToken(@Args('token') token: string) {
    return this.sessions.renew(token);
  }

  // ok: unauthenticated-state-changing-route
  @Mutation(() => String)
  registerAccount(@Args('email') email: string, @Args('password') password: string) {
    return this.sessions.enroll(email, password);
  }
}
