import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { extractor as auth } from '../auth/index.js';
import { extractor as express } from '../express/index.js';
import { extractor } from './index.js';

const EXTRACTORS = [auth, express, extractor];

function auths(files: Record<string, string>): Record<string, string> {
  const facts: Fact[] = [];
  for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, EXTRACTORS).facts);
  const out: Record<string, string> = {};
  for (const e of linkFacts(facts, EXTRACTORS).filter((f): f is EntrypointFact => f.kind === 'entrypoint')) out[`${e.method} ${e.path}`] = `${e.auth}${e.tags?.includes('declared-public') ? ' declared-public' : ''}`;
  return out;
}

const RESOLVER = `import { Resolver, Query, ResolveField, Parent } from '@nestjs/graphql';
import { UseGuards } from '@nestjs/common';
import { JwtGuard } from './jwt.guard';
@Resolver(() => Account)
@UseGuards(JwtGuard)
export class AccountResolver {
  @Query(() => Account) me() {}
  @ResolveField('invoices') invoices(@Parent() account) {}
}`;
const GUARD = `import { Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
@Injectable()
export class JwtGuard extends AuthGuard('jwt') {}`;
const GLOBAL = `import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { JwtGuard } from './jwt.guard';
@Module({
  imports: [GraphQLModule.forRoot({ autoSchemaFile: true ENHANCERS })],
  providers: [{ provide: APP_GUARD, useClass: JwtGuard }],
})
export class RootModule {}`;

describe('extract/js/nestjs field resolvers', () => {
  it('runs no class or global guard on @ResolveField without fieldResolverEnhancers', () => {
    const out = auths({ 'src/account.resolver.ts': RESOLVER, 'src/jwt.guard.ts': GUARD, 'src/root.module.ts': GLOBAL.replace(' ENHANCERS', '') });
    assert.equal(out['QUERY me'], 'user');
    assert.equal(out['RESOLVEFIELD invoices'], 'none');
  });

  it('keeps guards when a config class enables them for field resolvers', () => {
    const out = auths({
      'src/account.resolver.ts': RESOLVER,
      'src/jwt.guard.ts': GUARD,
      'src/root.module.ts': GLOBAL.replace(' ENHANCERS', ''),
      'src/gql.config.ts': `import { Injectable } from '@nestjs/common';
import { GqlOptionsFactory } from '@nestjs/graphql';
@Injectable()
export class GqlConfig implements GqlOptionsFactory {
  createGqlOptions() {
    return { autoSchemaFile: true, fieldResolverEnhancers: ['interceptors', 'guards'] };
  }
}`,
    });
    assert.equal(out['RESOLVEFIELD invoices'], 'user');
  });

  it('enhancers without guards leave the field unguarded; with guards in forRoot it is guarded', () => {
    const without = auths({ 'src/account.resolver.ts': RESOLVER, 'src/jwt.guard.ts': GUARD, 'src/root.module.ts': GLOBAL.replace(' ENHANCERS', ", fieldResolverEnhancers: ['filters']") });
    assert.equal(without['RESOLVEFIELD invoices'], 'none');
    const withGuards = auths({ 'src/account.resolver.ts': RESOLVER, 'src/jwt.guard.ts': GUARD, 'src/root.module.ts': GLOBAL.replace(' ENHANCERS', ", fieldResolverEnhancers: ['guards']") });
    assert.equal(withGuards['RESOLVEFIELD invoices'], 'user');
  });
});
