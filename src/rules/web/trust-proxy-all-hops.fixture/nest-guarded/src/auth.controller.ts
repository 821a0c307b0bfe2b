import { Body, Controller, Post, UseGuards } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

// The library's own guard, applied to the controller: it counts requests per req.ip.
@UseGuards(ThrottlerGuard)
@Controller('auth')
export class AuthController {
  @Post('login')
  login(@Body() body: { email: string; password: string }) {
    return { email: body.email };
  }
}
