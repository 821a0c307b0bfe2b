import { Server } from '@overnightjs/core';
import express from 'express';
import { DeliveryWebhook } from './delivery-webhook';

class RelayServer extends Server {
  constructor() {
    super();
    this.app.use(express.json());
    super.addControllers([new DeliveryWebhook()]);
  }
}

new RelayServer().app.listen(8080);
