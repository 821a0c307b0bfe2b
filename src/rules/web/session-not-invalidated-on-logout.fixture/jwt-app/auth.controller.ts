import { Controller, Post, Res } from '@nestjs/common';
import type { Response } from 'express';

@Controller('auth')
export class AuthController {
  // Stateless JWT in a cookie and nothing stored on the server: clearing the cookie is all there is.
  // ok: session-not-invalidated-on-logout
  @Post('logout')
  logout(@Res({ passthrough: true }) res: Response) {
    res.clearCookie('auth');
    return { ok: true };
  }
}
