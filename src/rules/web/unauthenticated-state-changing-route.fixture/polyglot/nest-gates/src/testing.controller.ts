import { Controller, Post } from '@nestjs/common';

@Controller('testing')
export class TestingController {
  constructor(private readonly db: { dropDatabase(): Promise<void> }) {}

  // Served only when the test run loads TestingModule.
  // ok: unauthenticated-state-changing-route
  @Post('clear-db')
  clear() {
    return this.db.dropDatabase();
  }
}
