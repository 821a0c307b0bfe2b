import { Body, Controller, Param, Post } from '@nestjs/common';
import { Public } from './public.decorator';
import { TransfersService } from './transfers.service';

@Controller('transfers')
export class TransfersController {
  constructor(private readonly transfers: TransfersService) {}

  // Declared public on purpose, and it still changes state without a login: reported (low confidence).
  // ruleid: unauthenticated-state-changing-route
  @Public() @Post(':id/cancel')
  cancel(@Param('id') id: string) {
    return this.transfers.cancel(id);
  }

  // ok: unauthenticated-state-changing-route
  @Post(':id/approve')
  approve(@Param('id') id: string, @Body() body: { note: string }) {
    return this.transfers.approve(id, body.note);
  }
}
