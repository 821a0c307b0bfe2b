import Redis from 'ioredis';
import moment from 'moment';
import { Pool } from 'pg';

import { sendOrderConfirmation } from './mailer';

// Filled by the API (api/src/cache.js) with LPUSH; we take from the other end.
const QUEUE = 'queue:order-emails';
const FAILED = `${QUEUE}:failed`;

const redis = new Redis(process.env.REDIS_URL ?? 'redis://localhost:6379');
const db = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });

interface OrderEmailJob {
  orderId: number;
}

interface OrderRow {
  id: number;
  total_cents: number;
  created_at: Date;
  confirmation_sent_at: Date | null;
  email: string;
  name: string | null;
}

let stopping = false;

async function handle(job: OrderEmailJob): Promise<void> {
  const { rows } = await db.query<OrderRow>(
    `SELECT o.id, o.total_cents, o.created_at, o.confirmation_sent_at, u.email, u.name
     FROM orders o JOIN users u ON u.id = o.user_id
     WHERE o.id = $1`,
    [job.orderId],
  );
  const order = rows[0];
  // Jobs can be delivered twice after a crash; do not email twice.
  if (!order || order.confirmation_sent_at) return;

  await sendOrderConfirmation({
    to: order.email,
    name: order.name,
    orderId: order.id,
    total: (order.total_cents / 100).toFixed(2),
    placedAt: moment(order.created_at).format('D MMM YYYY, HH:mm'),
  });
  await db.query('UPDATE orders SET confirmation_sent_at = now() WHERE id = $1', [order.id]);
}

async function run(): Promise<void> {
  console.log(`worker waiting for jobs on ${QUEUE}`);
  while (!stopping) {
    const popped = await redis.brpop(QUEUE, 5);
    if (!popped) continue;
    const [, payload] = popped;
    try {
      await handle(JSON.parse(payload) as OrderEmailJob);
    } catch (err) {
      console.error('order email failed', err);
      await redis.lpush(FAILED, payload);
    }
  }
  await Promise.all([redis.quit(), db.end()]);
}

process.on('SIGTERM', () => {
  stopping = true;
});

run().catch((err: unknown) => {
  console.error('worker crashed', err);
  process.exit(1);
});
