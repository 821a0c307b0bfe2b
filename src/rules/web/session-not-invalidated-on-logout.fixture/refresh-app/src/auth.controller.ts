import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AuthService } from './auth.service';

@Controller('v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  // ruleid: session-not-invalidated-on-logout
  @Get('logout')
  async logout(@Res() res: Response) {
    res.clearCookie('access_token');
    res.clearCookie('refresh_token');
    return res.status(200).send();
  }

  // ok: session-not-invalidated-on-logout
  @Post('signout')
  async signout(@Req() req: any, @Res() res: Response) {
    await this.auth.revokeRefreshToken(req.user.uid);
    res.clearCookie('refresh_token');
    return res.status(200).send();
  }
}
