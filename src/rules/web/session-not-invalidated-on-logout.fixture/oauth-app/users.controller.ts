import { Controller, Post, Res } from '@nestjs/common';
import type { Response } from 'express';

@Controller('user')
export class UsersController {
  // ok: session-not-invalidated-on-logout
  @Post('/logout')
  logout(@Res({ passthrough: true }) response: Response) {
    response.cookie('auth', '', { maxAge: -1 });
  }
}
