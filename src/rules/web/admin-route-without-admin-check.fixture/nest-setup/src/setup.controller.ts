import { Body, Controller, Post } from '@nestjs/common';
import { AccountService } from './account.service';

@Controller('setup')
export class SetupController {
  constructor(private accountService: AccountService) {}

  // ok: admin-route-without-admin-check
  @Post('admin-registration')
  registerAdmin(@Body() body: { email: string; password: string }) {
    return this.accountService.registerFirstAdmin(body);
  }

  // ruleid: admin-route-without-admin-check
  @Post('admin-password')
  resetAdmin(@Body() body: { password: string }) {
    return this.accountService.resetAdminPassword(body);
  }
}
