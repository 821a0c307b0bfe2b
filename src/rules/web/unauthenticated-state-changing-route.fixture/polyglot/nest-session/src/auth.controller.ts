import { BadRequestException, Body, Controller, Delete, Param, Post, Put, Req } from '@nestjs/common';

interface RequestWithSession {
  session: { pendingUser?: { confirmationData?: unknown; providerUserId?: string } | null; userId?: string; oidc?: unknown };
}

@Controller('auth')
export class AuthController {
  constructor(private readonly identities: { createFromPending(data: unknown, body: unknown): Promise<string>; logoutByToken(provider: string, token: string): Promise<void>; importAll(body: unknown): Promise<void> }) {}

  // Finishes a sign-up the identity provider started: refused unless the session holds that step (rated low).
  // ruleid: unauthenticated-state-changing-route
  @Put('pending-user')
  async confirm(@Req() request: RequestWithSession, @Body() body: { username: string }) {
    if (!request.session.pendingUser?.confirmationData || !request.session.pendingUser?.providerUserId) {
      throw new BadRequestException('No pending user data');
    }
    request.session.userId = await this.identities.createFromPending(request.session.pendingUser.confirmationData, body);
    request.session.pendingUser = null;
  }

  // Abandons the caller's own half-finished sign-in: nothing but its session changes.
  // ok: unauthenticated-state-changing-route
  @Delete('pending-user')
  abandon(@Req() request: RequestWithSession) {
    request.session.pendingUser = null;
    request.session.oidc = { idToken: null, sid: null };
  }

  // OpenID Connect back-channel logout: the provider calls it with a signed logout token.
  // ok: unauthenticated-state-changing-route
  @Post(':provider/backchannel-logout')
  backchannelLogout(@Param('provider') provider: string, @Body() body: { logout_token: string }) {
    return this.identities.logoutByToken(provider, body.logout_token);
  }

  // ruleid: unauthenticated-state-changing-route
  @Post('import')
  importAccounts(@Body() body: unknown) {
    return this.identities.importAll(body);
  }
}
