import { Injectable } from '@nestjs/common';

@Injectable()
export class GreetingService {
  banner(who: string): string {
    return '<div class="banner">Welcome ' + who + '</div>';
  }

  async save(entry: { who: string }): Promise<{ id: number; who: string }> {
    return { id: 1, ...entry };
  }
}
