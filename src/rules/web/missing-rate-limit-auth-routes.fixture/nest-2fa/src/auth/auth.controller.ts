import { Body, Controller, Post, UseGuards } from '@nestjs/common';
import { JwtGuard } from './jwt.guard';

// The password step issues a session that the second factor then upgrades.
@Controller('auth')
export class AuthController {
  // ruleid: missing-rate-limit-auth-routes
  @Post('2fa/verify')
  @UseGuards(JwtGuard)
  verify(@Body() body: { code: string }) {
    return this.check(body.code);
  }

  // ruleid: missing-rate-limit-auth-routes
  @Post('2fa/backup')
  @UseGuards(JwtGuard)
  backup(@Body() body: { code: string }) {
    return this.check(body.code);
  }

  // Setting up a factor guesses nobody's code.
  // ok: missing-rate-limit-auth-routes
  @Post('2fa/setup')
  @UseGuards(JwtGuard)
  setup() {
    return { secret: 'generated' };
  }

  // ok: missing-rate-limit-auth-routes
  @Post('2fa/enable')
  @UseGuards(JwtGuard)
  enable(@Body() body: { code: string }) {
    return this.check(body.code);
  }

  private check(code: string) {
    return { ok: code.length === 6 };
  }
}
