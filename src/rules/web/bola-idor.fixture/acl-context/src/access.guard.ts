import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { REQUIRED_ACTIONS } from './require-permission.decorator';
import { MembershipService } from './membership.service';

// Checks, on every route that names actions, the caller's role in the folder the path names.
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly membership: MembershipService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    return this.check(context);
  }

  private async check(context: ExecutionContext): Promise<boolean> {
    const actions = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_ACTIONS, [context.getHandler(), context.getClass()]);
    if (!actions?.length) return true;
    return this.allowed(this.targetOf(context), actions);
  }

  private targetOf(context: ExecutionContext): string | undefined {
    const req = context.switchToHttp().getRequest();
    return req.params.folderId || req.params.workspaceId;
  }

  private async allowed(targetId: string | undefined, actions: string[]): Promise<boolean> {
    if (!targetId) throw new ForbiddenException();
    await this.membership.assertActions(targetId, actions);
    return true;
  }
}
