import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { AccountService } from './account.service';

@Controller('account')
export class AccountController {
  constructor(private readonly accounts: AccountService) {}

  @Get('password')
  // ruleid: password-in-query-string
  change(@Query('newPassword') newPassword: string, @Query('user') user: string) {
    return this.accounts.setPassword(user, newPassword);
  }

  @Post('password')
  // ok: password-in-query-string
  update(@Body('newPassword') newPassword: string, @Query('user') user: string) {
    return this.accounts.setPassword(user, newPassword);
  }
}
