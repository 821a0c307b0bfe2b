import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { NotesResolver } from './notes.resolver';
import { SessionResolver } from './session.resolver';

@Module({ imports: [GraphQLModule.forRoot({ autoSchemaFile: true })], providers: [NotesResolver, SessionResolver] })
export class AppModule {}
