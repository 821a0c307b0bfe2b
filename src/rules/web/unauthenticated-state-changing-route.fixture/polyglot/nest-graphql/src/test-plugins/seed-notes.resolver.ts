import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { NotesService } from '../notes.service';

// Loaded only by the development server to try features out: never part of a deployment.
@Resolver('SeedNotes')
export class SeedNotesResolver {
  constructor(private readonly notes: NotesService) {}

  // ok: unauthenticated-state-changing-route
  @Mutation(() => String)
  seedNote(@Args('text') text: string) {
    return this.notes.create(text);
  }
}
