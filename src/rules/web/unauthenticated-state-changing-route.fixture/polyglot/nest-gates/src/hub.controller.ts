import { Body, Controller, Headers, Post, Req, Res } from '@nestjs/common';
import { HubService } from './hub.service';

@Controller('hub')
export class HubController {
  constructor(private readonly hub: HubService) {}

  // Refused unless the configuration disables authentication: reported, rated low.
  // ruleid: unauthenticated-state-changing-route
  @Post('no-auth-token')
  token() {
    return this.hub.noAuthToken();
  }

  // The service checks an HMAC of the body against the signature header.
  // ok: unauthenticated-state-changing-route
  @Post('partner/deploy-events')
  deploy(@Body() body: unknown, @Headers('x-partner-signature') signature: string) {
    return this.hub.deployEvent(signature, body);
  }

  // Handed to an SDK handler built with the secret key and strict authentication.
  // ok: unauthenticated-state-changing-route
  @Post('bridge')
  bridge(@Req() req: unknown, @Res() res: unknown) {
    return this.hub.bridge(req, res);
  }

  // ruleid: unauthenticated-state-changing-route
  @Post('partner/import')
  importAll(@Body() body: unknown) {
    return this.hub.importEvents(body);
  }
}
