import { BadRequestException, Injectable } from '@nestjs/common';
import { AccountStore } from './account.store';

@Injectable()
export class AccountService {
  constructor(private accountStore: AccountStore) {}

  async registerFirstAdmin(input: { email: string; password: string }) {
    const existingAdmin = await this.accountStore.findAdmin();
    if (existingAdmin) {
      throw new BadRequestException('An administrator is already registered');
    }
    return this.accountStore.insert({ ...input, isAdmin: true });
  }

  async resetAdminPassword(input: { password: string }) {
    return this.accountStore.updateAdmin(input);
  }
}
