import { Body, Controller, Headers, Post, Req } from '@nestjs/common';
import { BankSyncService } from './bank-sync.service';

class FeedEventDto {
  accountRef: string;
  kind: string;
}

@Controller('bank-feed')
export class BankFeedController {
  constructor(private readonly sync: BankSyncService) {}

  // Only body fields reach the service: no signature can be checked there.
  // ruleid: unverified-webhook
  @Post('webhooks')
  receive(@Body() { accountRef, kind }: FeedEventDto) {
    return this.sync.refresh(accountRef, kind);
  }

  // The signature header goes along: the service may verify it.
  // ok: unverified-webhook
  @Post('webhooks/cards')
  receiveCards(@Req() req: { rawBody: Buffer }, @Headers('x-feed-signature') sig: string) {
    return this.sync.cards(req.rawBody, sig);
  }
}
