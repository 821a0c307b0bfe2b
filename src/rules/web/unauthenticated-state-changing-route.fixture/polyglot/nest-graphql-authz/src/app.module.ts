import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { NotesResolver } from './notes.resolver';
import { PreferencesResolver, PreferencesService } from './preferences.resolver';

@Module({ imports: [GraphQLModule.forRoot({ autoSchemaFile: true })], providers: [NotesResolver, PreferencesResolver, PreferencesService] })
export class AppModule {}
