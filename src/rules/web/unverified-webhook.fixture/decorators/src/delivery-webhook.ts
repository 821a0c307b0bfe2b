import { Controller, Post } from '@overnightjs/core';
import type { Request, Response } from 'express';
import { deliveries } from './store';

@Controller('webhooks/deliveries')
export class DeliveryWebhook {
  // The mail provider's notifications are parsed and applied; their signature is never checked.
  // ruleid: unverified-webhook
  @Post()
  public async receive(req: Request, res: Response) {
    const note = JSON.parse(req.body.Message);
    await deliveries.update({ where: { messageId: note.messageId }, data: { status: note.status } });
    return res.status(200).json({});
  }
}
