import { Args, Mutation, Resolver } from '@nestjs/graphql';

const entries: string[] = [];

// Nothing in this service requires a login: an open guestbook, not a forgotten guard.
@Resolver('Entry')
export class GuestbookResolver {
  // ok: unauthenticated-state-changing-route
  @Mutation(() => Boolean)
  sign(@Args('text') text: string) {
    entries.push(text);
    return true;
  }
}
