import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { extractor as auth } from '../auth/index.js';
import { extractor as pkg } from '../package-json/index.js';
import { extractor } from './index.js';

function run(files: Record<string, string>): Record<string, string> {
  const facts: Fact[] = [];
  for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, [auth, pkg, extractor]).facts);
  const eps = linkFacts(facts, [auth, pkg, extractor]).filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  return Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, [e.auth, ...(e.tags ?? []).filter((t) => t === 'declared-public')].join(' ')]));
}

/** The framework package: a decorator that sets the list, a global guard that reads it. */
const KERNEL = {
  'libs/kernel/package.json': '{ "name": "@acme/kernel", "dependencies": { "@nestjs/core": "10" } }',
  'libs/kernel/src/grants.ts': `import { SetMetadata } from '@nestjs/common';
export const GRANTS_KEY = 'grants';
export enum Grant { Anyone = 'Anyone', Member = 'Member', Owner = 'Owner', EditStock = 'EditStock', ReadStock = 'ReadStock' }
export const Grants = (...grants: Grant[]) => SetMetadata(GRANTS_KEY, grants);`,
  'libs/kernel/src/grant.guard.ts': `import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GRANTS_KEY, Grant } from './grants';
@Injectable()
export class GrantGuard implements CanActivate {
  constructor(private reflector: Reflector, private settings: any, private sessions: any) {}
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest();
    const grants = this.reflector.get<Grant[]>(GRANTS_KEY, context.getHandler());
    const skip = this.settings.options.skipChecks;
    const anyone = !!grants && grants.includes(Grant.Anyone);
    const session = await this.sessions.find(req);
    if (skip || !grants || anyone) {
      return true;
    } else {
      if (!session || !grants.some((g) => session.grants.includes(g))) throw new ForbiddenException();
      return true;
    }
  }
}`,
  'libs/kernel/src/app.module.ts': `import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GrantGuard } from './grant.guard';
import { StockResolver } from './stock.resolver';
@Module({ providers: [StockResolver, { provide: APP_GUARD, useClass: GrantGuard }] })
export class AppModule {}`,
  'libs/kernel/src/stock.resolver.ts': `import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Grant, Grants } from './grants';
@Resolver()
export class StockResolver {
  @Query() catalogue() { return []; }
  @Mutation() @Grants(Grant.Anyone) signIn(@Args() a: any) { return a; }
  @Mutation() @Grants(Grant.EditStock) adjustStock(@Args() a: any) { return a; }
  @Mutation() @Grants(Grant.EditStock, Grant.Owner) reserveStock(@Args() a: any) { return a; }
}`,
};

/** A plugin package: its resolvers import the decorator from the kernel and run in its application. */
const PLUGIN = {
  'plugins/stock-alerts/package.json': '{ "name": "@acme/stock-alerts", "dependencies": { "@acme/kernel": "1" } }',
  'plugins/stock-alerts/src/alerts.resolver.ts': `import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Grant, Grants } from '@acme/kernel';
@Resolver()
export class AlertsResolver {
  @Mutation() @Grants(Grant.ReadStock) subscribeAlert(@Args() a: any) { return a; }
  @Mutation() @Grants(Grant.Member) muteAlert(@Args() a: any) { return a; }
  @Mutation() @Grants(Grant.Anyone) pingAlert(@Args() a: any) { return a; }
  @Mutation() openAlert(@Args() a: any) { return a; }
}`,
};

describe('extract/js/nestjs permission-list guards (permission-lists.ts)', () => {
  it('a global guard that passes routes without a list or with an open marker judges each route by its list', () => {
    const eps = run(KERNEL);
    // No list: the guard returns true before it looks at anyone.
    assert.equal(eps['QUERY catalogue'], 'none');
    assert.equal(eps['MUTATION signIn'], 'none declared-public');
    assert.equal(eps['MUTATION adjustStock'], 'admin');
    // A list that admits the record's owner admits ordinary users.
    assert.equal(eps['MUTATION reserveStock'], 'user');
  });

  it('routes of another package of the monorepo that set the list with the imported decorator are judged by it too', () => {
    const eps = run({ ...KERNEL, ...PLUGIN });
    assert.equal(eps['MUTATION subscribeAlert'], 'admin');
    assert.equal(eps['MUTATION muteAlert'], 'user');
    assert.equal(eps['MUTATION pingAlert'], 'none declared-public');
    assert.equal(eps['MUTATION openAlert'], 'none');
  });

  it('a guard that refuses before it reads the list is no permission-list guard', () => {
    const strict = KERNEL['libs/kernel/src/grant.guard.ts'].replace('const skip =', 'if (!req.headers.authorization) throw new ForbiddenException();\n    const skip =');
    const eps = run({ ...KERNEL, 'libs/kernel/src/grant.guard.ts': strict });
    assert.notEqual(eps['QUERY catalogue'], 'none');
    assert.notEqual(eps['MUTATION signIn'], 'none declared-public');
  });
});
