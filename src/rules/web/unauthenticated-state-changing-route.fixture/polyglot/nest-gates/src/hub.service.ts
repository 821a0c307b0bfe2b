import { Injectable, UnauthorizedException } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { Client, RequestHandler } from '@acme/bridge-sdk';

@Injectable()
export class HubService {
  constructor(private readonly configService: { ui: { auth: string }; partnerSecret: string; secretKey: string }, private readonly store: { save(x: unknown): Promise<void> }) {}

  /** Only when the operator turned authentication off. */
  async noAuthToken() {
    if (this.configService.ui.auth !== 'none') {
      throw new UnauthorizedException();
    }
    return 'token';
  }

  async deployEvent(signature: string, body: unknown) {
    this.verifySignature(signature, body);
    await this.store.save(body);
  }

  async importEvents(body: unknown) {
    await this.store.save(body);
  }

  async bridge(req: unknown, res: unknown) {
    const handler = new RequestHandler({ client: new Client({ secretKey: this.configService.secretKey, strictAuthentication: true }) });
    await handler.createHandler()(req, res);
  }

  private verifySignature(signature: string, body: unknown) {
    const expected = createHmac('sha256', this.configService.partnerSecret).update(JSON.stringify(body)).digest('hex');
    if (signature !== expected) throw new UnauthorizedException('Invalid signature');
  }
}
