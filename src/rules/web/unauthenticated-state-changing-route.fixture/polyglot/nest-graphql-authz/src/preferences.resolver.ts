import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentSession } from './session.decorator';

export class PreferencesService {
  private readonly values = new Map<string, string>();

  hasEditAccess(session: { roles?: string[] } | undefined, key: string) {
    return !!session?.roles?.includes(`prefs:${key}`);
  }

  store(key: string, value: string) {
    this.values.set(key, value);
    return true;
  }
}

@Resolver('Preference')
export class PreferencesResolver {
  constructor(private readonly prefs: PreferencesService) {}

  // No guard, but the handler refuses callers lacking the right for that key: a check to confirm.
  // ruleid: unauthenticated-state-changing-route
  @Mutation(() => Boolean)
  savePreference(@CurrentSession() session: { roles?: string[] }, @Args('key') key: string, @Args('value') value: string) {
    if (!this.prefs.hasEditAccess(session, key)) {
      return false;
    }
    return this.prefs.store(key, value);
  }
}
