// Guard classes judged with what they inherit or unlock: a guard extending another guard class of
// the project (no override, `return super.canActivate(ctx)`, or the parent's result ignored), a
// guard whose only check is a token for the path's record read from a cookie named by its id
// (a per-record capability, not a sign-in), a guard that lets requests without any token through,
// and `auth-conditional` on routes whose role guard refuses anonymous callers anyway.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

function routes(files: Record<string, string>): Record<string, string> {
  const facts: Fact[] = [];
  for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, [auth, extractor]).facts);
  const eps = linkFacts(facts, [auth, extractor]).filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  const shown = new Set(['capability-token', 'auth-conditional']);
  return Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, [e.auth, ...(e.tags ?? []).filter((t) => shown.has(t))].join(' ')]));
}

const STAFF = `import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
@Injectable()
export class StaffGuard implements CanActivate {
  canActivate(context: ExecutionContext) {
    const request = context.switchToHttp().getRequest();
    if (!request.user) return false;
    return request.user.isStaff === true;
  }
}`;

const SIGNED_IN = `import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
@Injectable()
export class SignedInGuard implements CanActivate {
  canActivate(context: ExecutionContext) {
    const request = context.switchToHttp().getRequest();
    if (!request.user) throw new UnauthorizedException();
    return true;
  }
}`;

// The document's unlock token lives in a cookie named after the document: anyone may fetch it.
const DOC_TOKEN = `import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { DocumentsService } from '../documents.service';
@Injectable()
export class DocumentTokenGuard implements CanActivate {
  constructor(private documents: DocumentsService) {}
  async canActivate(context: ExecutionContext) {
    const request = context.switchToHttp().getRequest();
    const docId = request.params.docId ?? request.params.id;
    const unlock = request.cookies[\`doc_\${docId}_unlock\`];
    if (!(await this.documents.checkUnlockToken(docId, unlock))) throw new ForbiddenException('unlock required');
    return true;
  }
}`;

const CONTROLLER = `import { Controller, Get, Delete, UseGuards } from '@nestjs/common';
import { StaffOnlyGuard, ReviewerGuard, LooseGuard } from './guards/children.guard';
import { DocumentTokenGuard } from './guards/document-token.guard';
import { AttachmentGuard } from './guards/attachment.guard';
import { SessionTokenGuard } from './guards/session-token.guard';
@Controller('documents')
export class DocumentsController {
  @Get('staff') @UseGuards(StaffOnlyGuard) staff() {}
  @Get('review') @UseGuards(ReviewerGuard) review() {}
  @Get('loose') @UseGuards(LooseGuard) loose() {}
  @Get(':id') @UseGuards(DocumentTokenGuard) get() {}
  @Get(':docId/attachments/:name') @UseGuards(AttachmentGuard) attachment() {}
  @Delete(':id') @UseGuards(SessionTokenGuard) remove() {}
}`;

// Children of the staff guard: one inherits it, one adds its own check on top, one ignores it.
const CHILDREN = `import { ExecutionContext, Injectable } from '@nestjs/common';
import { StaffGuard } from './staff.guard';
import { SignedInGuard } from './signed-in.guard';
@Injectable()
export class StaffOnlyGuard extends StaffGuard {}
@Injectable()
export class ReviewerGuard extends SignedInGuard {
  async canActivate(context: ExecutionContext) {
    const request = context.switchToHttp().getRequest();
    if (request.params.draft) return false;
    return super.canActivate(context);
  }
}
@Injectable()
export class LooseGuard extends StaffGuard {
  async canActivate(context: ExecutionContext) {
    await super.canActivate(context);
    return true;
  }
}`;

// No unlock cookie: the attachment is served when the document has no password; else the parent decides.
const ATTACHMENT = `import { ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { DocumentTokenGuard } from './document-token.guard';
@Injectable()
export class AttachmentGuard extends DocumentTokenGuard {
  async canActivate(context: ExecutionContext) {
    const request = context.switchToHttp().getRequest();
    const docId = request.params.docId;
    const unlock = request.cookies[\`doc_\${docId}_unlock\`];
    const doc = await this.lookup(docId);
    if (!unlock) {
      if (doc.password) throw new ForbiddenException('password protected');
      return true;
    }
    return super.canActivate(context);
  }
}`;

// The same per-record token, but a signed-in caller is required as well: still a user guard.
const SESSION_TOKEN = `import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
@Injectable()
export class SessionTokenGuard implements CanActivate {
  constructor(private documents: any) {}
  async canActivate(context: ExecutionContext) {
    const request = context.switchToHttp().getRequest();
    if (!request.user) throw new ForbiddenException();
    const unlock = request.cookies[\`doc_\${request.params.id}_unlock\`];
    if (!(await this.documents.checkUnlockToken(request.params.id, unlock))) throw new ForbiddenException();
    return true;
  }
}`;

describe('extract/js/nestjs guard inheritance and per-record tokens', () => {
  it('judges a guard class by the project guard class it extends and how it uses super.canActivate', () => {
    const r = routes({
      'src/guards/staff.guard.ts': STAFF,
      'src/guards/signed-in.guard.ts': SIGNED_IN,
      'src/guards/children.guard.ts': CHILDREN,
      'src/guards/document-token.guard.ts': DOC_TOKEN,
      'src/guards/attachment.guard.ts': ATTACHMENT,
      'src/guards/session-token.guard.ts': SESSION_TOKEN,
      'src/documents.controller.ts': CONTROLLER,
    });
    assert.equal(r['GET /documents/staff'], 'admin');
    assert.equal(r['GET /documents/review'], 'user');
    // The parent's result is dropped: only the guard's own check (none) counts; its name still looks like a guard.
    assert.equal(r['GET /documents/loose'], 'unknown');
  });

  it('makes a guard verifying a token from a cookie named by the path id a per-record capability, public', () => {
    const r = routes({
      'src/guards/document-token.guard.ts': DOC_TOKEN,
      'src/guards/attachment.guard.ts': ATTACHMENT,
      'src/guards/session-token.guard.ts': SESSION_TOKEN,
      'src/guards/children.guard.ts': CHILDREN,
      'src/documents.controller.ts': CONTROLLER,
    });
    assert.equal(r['GET /documents/:id'], 'none capability-token');
    // Without a cookie it answers on its own (no caller checked); with one, the parent's token check.
    assert.equal(r['GET /documents/:docId/attachments/:name'], 'none capability-token');
    assert.equal(r['DELETE /documents/:id'], 'user');
  });

  it('judges a guard admitting either its parent guard\'s caller or a second credential it verifies as a user guard', () => {
    // Signed in, or holding an upload invitation's token from a cookie; nothing at all is refused.
    const either = `import { ExecutionContext, Injectable } from '@nestjs/common';
import { SignedInGuard } from './signed-in.guard';
@Injectable()
export class UploaderGuard extends SignedInGuard {
  constructor(private invitations: any) { super(); }
  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (await super.canActivate(context)) return true;
    const inviteToken = context.switchToHttp().getRequest().cookies.upload_invite_token;
    if (!inviteToken) return false;
    return await this.invitations.isValid(inviteToken);
  }
}
@Injectable()
export class AnyoneGuard extends SignedInGuard {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (await super.canActivate(context)) return true;
    const lang = context.switchToHttp().getRequest().headers['accept-language'];
    return this.allowed(lang);
  }
}`;
    const controller = `import { Controller, Post, UseGuards } from '@nestjs/common';
import { UploaderGuard, AnyoneGuard } from './guards/uploader.guard';
@Controller('uploads')
export class UploadsController {
  @Post() @UseGuards(UploaderGuard) create() {}
  @Post('open') @UseGuards(AnyoneGuard) open() {}
}`;
    const r = routes({ 'src/guards/signed-in.guard.ts': SIGNED_IN, 'src/guards/uploader.guard.ts': either, 'src/uploads.controller.ts': controller });
    assert.equal(r['POST /uploads'], 'user');
    assert.notEqual(r['POST /uploads/open'], 'user');
  });

  it('drops auth-conditional where an unconditional role guard refuses anonymous callers', () => {
    const maybe = `import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
@Injectable()
export class MaybeJwtGuard extends AuthGuard('jwt') {
  constructor(private config: any) { super(); }
  async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return (await super.canActivate(context)) as boolean;
    } catch {
      return this.config.get('documents.allowAnonymous');
    }
  }
}`;
    const controller = `import { Controller, Get, Post, UseGuards } from '@nestjs/common';
import { MaybeJwtGuard } from './guards/maybe-jwt.guard';
import { StaffGuard } from './guards/staff.guard';
@Controller('reports')
export class ReportsController {
  @Post() @UseGuards(MaybeJwtGuard) create() {}
  @Get('all') @UseGuards(MaybeJwtGuard, StaffGuard) all() {}
}`;
    const r = routes({ 'src/guards/maybe-jwt.guard.ts': maybe, 'src/guards/staff.guard.ts': STAFF, 'src/reports.controller.ts': controller });
    assert.deepEqual(r, { 'POST /reports': 'user auth-conditional', 'GET /reports/all': 'admin' });
  });
});
