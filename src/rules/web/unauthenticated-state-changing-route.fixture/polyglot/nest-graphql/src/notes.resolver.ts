import { UseGuards } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GqlAuthGuard } from './gql-auth.guard';
import { NotesService } from './notes.service';
import { SkipAuth } from './skip-auth.decorator';

@Resolver('Note')
export class NotesResolver {
  constructor(private readonly notes: NotesService) {}

  @UseGuards(GqlAuthGuard)
  // ok: unauthenticated-state-changing-route
  @Mutation(() => String)
  createNote(@Args('text') text: string) {
    return this.notes.create(text);
  }

  // The guard was forgotten here: anyone can delete any note.
  // ruleid: unauthenticated-state-changing-route
  @Mutation(() => Boolean)
  deleteNote(@Args('noteId') noteId: string) {
    return this.notes.remove(noteId);
  }

  // A query reads; it is not a state change.
  // ok: unauthenticated-state-changing-route
  @Query(() => [String])
  publicNotes() {
    return this.notes.listPublic();
  }

  // Declared public on purpose (the application's stated intent).
  @SkipAuth()
  // ok: unauthenticated-state-changing-route
  @Mutation(() => Boolean)
  reportAbuse(@Args('noteId') noteId: string) {
    return this.notes.flag(noteId);
  }
}
