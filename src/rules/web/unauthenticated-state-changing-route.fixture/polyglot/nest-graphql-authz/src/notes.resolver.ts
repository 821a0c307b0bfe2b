import { UseGuards } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { GqlAuthGuard } from './gql-auth.guard';
import { NotesService } from './notes.service';

@Resolver('Note')
export class NotesResolver {
  constructor(private readonly notes: NotesService) {}

  @UseGuards(GqlAuthGuard)
  // ok: unauthenticated-state-changing-route
  @Mutation(() => String)
  createNote(@Args('text') text: string) {
    return this.notes.create(text);
  }

  // No guard and no check of its own: anyone can delete any note.
  // ruleid: unauthenticated-state-changing-route
  @Mutation(() => Boolean)
  deleteNote(@Args('noteId') noteId: string) {
    return this.notes.remove(noteId);
  }
}
