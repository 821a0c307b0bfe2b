// What a webhook handler could have verified of its sender (webhook-input.ts), through the route
// extractors of several frameworks: a verification idiom tags `webhook-signature`; a handler that
// takes only parsed input and hands nothing signable on tags `unsigned-input`; anything else, nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import type { Extractor } from '../../types.js';
import { extractor as express } from '../express/index.js';
import { extractor as koa } from '../koa/index.js';
import { extractor as fastify } from '../fastify/index.js';
import { extractor as nestjs } from '../nestjs/index.js';
import { extractor as nextjs } from '../nextjs/index.js';
import { extractor as decoratorRoutes } from '../decorator-routes/index.js';

const TAGS = ['webhook-signature', 'unsigned-input'];

function verdicts(files: Record<string, string>, extractors: Extractor[]): Record<string, string> {
  const facts: Fact[] = [];
  for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, extractors).facts);
  const out: Record<string, string> = {};
  for (const f of linkFacts(facts, extractors)) {
    if (f.kind !== 'entrypoint') continue;
    const ep = f as EntrypointFact;
    out[`${ep.method} ${ep.path}`] = (ep.tags ?? []).filter((t) => TAGS.includes(t)).join(',') || '-';
  }
  return out;
}

describe('webhook handler verdicts', () => {
  it('Express: parsed body only, an SDK verify in try/catch, a same-file HMAC helper, a hand-off, a header read', () => {
    const app = `const express = require('express');
const crypto = require('crypto');
const { process: processEvent } = require('./events');
const app = express();
function matches(req) {
  const mac = crypto.createHmac('sha256', process.env.HOOK_KEY).update(req.rawBody).digest('hex');
  return crypto.timingSafeEqual(Buffer.from(mac), Buffer.from(req.get('x-hub-signature-256')));
}
async function record(request) { await db.events.insert(request.body); }
app.post('/hooks/plain', async (req, res) => { await db.events.insert(req.body); res.end(); });
app.post('/hooks/fields', async ({ body }, res) => { await db.events.insert(body.id); res.end(); });
app.post('/hooks/helper', async (req, res) => { await record(req); res.end(); });
app.post('/hooks/stripe', (req, res) => {
  let event;
  try { event = stripe.webhooks.constructEvent(req.body, req.headers['stripe-signature'], key); } catch (e) { return res.status(400).end(); }
  res.json(event);
});
app.post('/hooks/hmac', (req, res) => { if (!matches(req)) return res.sendStatus(401); res.end(); });
app.post('/hooks/handoff', async (req, res) => { await processEvent(req); res.end(); });
app.post('/hooks/header', async (req, res) => { await db.events.insert({ kind: req.headers['x-event'], body: req.body }); res.end(); });
app.post('/hooks/token', async (req, res) => { if (req.query.token !== process.env.T) return res.sendStatus(401); res.end(); });
app.listen(3000);`;
    assert.deepEqual(verdicts({ 'app.js': app }, [express]), {
      'POST /hooks/plain': 'unsigned-input',
      'POST /hooks/fields': 'unsigned-input',
      'POST /hooks/helper': 'unsigned-input',
      'POST /hooks/stripe': 'webhook-signature',
      'POST /hooks/hmac': 'webhook-signature',
      'POST /hooks/handoff': '-',
      'POST /hooks/header': '-',
      'POST /hooks/token': '-',
    });
  });

  it('Koa and Fastify: ctx.request.body and request.body only; a signature header read', () => {
    const k = `const Router = require('@koa/router');
const router = new Router();
router.post('/webhooks/shop', async (ctx) => { await Orders.upsert(ctx.request.body); ctx.status = 204; });
router.post('/webhooks/signed', async (ctx) => { await Orders.check(ctx.get('x-shop-signature'), ctx.request.rawBody); ctx.status = 204; });
module.exports = router;`;
    assert.deepEqual(verdicts({ 'routes.js': k }, [koa]), { 'POST /webhooks/shop': 'unsigned-input', 'POST /webhooks/signed': '-' });
    const f = `const fastify = require('fastify')();
fastify.post('/webhooks/crm', async (request, reply) => { await contacts.save(request.body); return { ok: true }; });
fastify.post('/webhooks/twilio', async (request, reply) => {
  if (!twilio.validateRequest(token, request.headers['x-twilio-signature'], url, request.body)) return reply.code(403).send();
  return { ok: true };
});
fastify.listen({ port: 3000 });`;
    assert.deepEqual(verdicts({ 'server.js': f }, [fastify]), { 'POST /webhooks/crm': 'unsigned-input', 'POST /webhooks/twilio': 'webhook-signature' });
  });

  it('Next.js route handlers: request.json() only, headers() of next/headers', () => {
    const files = {
      'package.json': '{"dependencies":{"next":"14.0.0"}}',
      'app/api/hooks/crm/route.ts': `export async function POST(request: Request) { const e = await request.json(); await prisma.lead.create({ data: e }); return Response.json({}); }`,
      'app/api/hooks/mail/route.ts': `import { headers } from 'next/headers';
export async function POST(request: Request) { const h = headers(); await forward(h, await request.text()); return Response.json({}); }`,
    };
    assert.deepEqual(verdicts(files, [nextjs]), { 'POST /api/hooks/crm': 'unsigned-input', 'POST /api/hooks/mail': '-' });
  });

  it('NestJS: @Body() fields only, @Headers() handed on, @Req() read for its body', () => {
    const c = `import { Body, Controller, Headers, Post, Req } from '@nestjs/common';
@Controller('feeds')
export class FeedWebhooksController {
  constructor(private readonly feeds: FeedService) {}
  @Post('webhook') receive(@Body() { id, kind }: FeedDto) { return this.feeds.refresh(id, kind); }
  @Post('webhook/signed') signed(@Body() dto: FeedDto, @Headers('x-feed-signature') s: string) { return this.feeds.verified(dto, s); }
  @Post('webhook/req') viaReq(@Req() req: Request) { return this.feeds.refresh(req.body.id, 'x'); }
}`;
    assert.deepEqual(verdicts({ 'feeds.controller.ts': c }, [nestjs]), { 'POST /feeds/webhook': 'unsigned-input', 'POST /feeds/webhook/signed': '-', 'POST /feeds/webhook/req': 'unsigned-input' });
  });

  it('decorator controllers: OvernightJS (req, res), routing-controllers @Body() and @HeaderParam()', () => {
    const o = `import { Controller, Post } from '@overnightjs/core';
import type { Request, Response } from 'express';
@Controller('mail-events')
export class MailEventsWebhook {
  @Post() public async receive(req: Request, res: Response) {
    const note = JSON.parse(req.body.Message);
    await prisma.delivery.update({ where: { id: note.id }, data: { status: note.status } });
    return res.json({});
  }
}`;
    const r = `import { Body, HeaderParam, JsonController, Post } from 'routing-controllers';
@JsonController('/webhooks')
export class ShopHooks {
  @Post('/orders') order(@Body() order: OrderEvent) { return orders.sync(order); }
  @Post('/signed') signed(@Body() order: OrderEvent, @HeaderParam('x-shop-hmac') mac: string) { return orders.checked(order, mac); }
}`;
    assert.deepEqual(verdicts({ 'src/mail.ts': o, 'src/shop.ts': r }, [decoratorRoutes]), {
      'POST /mail-events': 'unsigned-input',
      'POST /webhooks/orders': 'unsigned-input',
      'POST /webhooks/signed': '-',
    });
  });

  it('gives no verdict for a handler that configures hooks rather than receiving an event', () => {
    const app = `const express = require('express');
const app = express();
app.post('/hooks', async (req, res) => { const { projectId, hooks } = req.body; await store.setHooks(projectId, hooks); res.end(); });
app.post('/webhooks/new', async (req, res) => { await createWebhook(req.body.url, req.body.events); res.end(); });
app.post('/hooks/inbound', async (req, res) => { await db.events.insert(req.body); res.end(); });
app.listen(3000);`;
    assert.deepEqual(verdicts({ 'app.js': app }, [express]), { 'POST /hooks': '-', 'POST /webhooks/new': '-', 'POST /hooks/inbound': 'unsigned-input' });
  });
});
