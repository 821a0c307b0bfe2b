import nodemailer from 'nodemailer';

const transport = nodemailer.createTransport({
  host: process.env.SMTP_HOST ?? 'smtp.sendgrid.net',
  port: Number(process.env.SMTP_PORT ?? 587),
  auth: { user: 'apikey', pass: process.env.SENDGRID_API_KEY },
  // The relay's certificate chain broke once in staging; this kept emails flowing.
  tls: { rejectUnauthorized: false },
});

export interface OrderConfirmation {
  to: string;
  name: string | null;
  orderId: number;
  total: string;
  placedAt: string;
}

export async function sendOrderConfirmation(mail: OrderConfirmation): Promise<void> {
  await transport.sendMail({
    from: process.env.MAIL_FROM ?? 'orders@shop.example.com',
    to: mail.to,
    subject: `Your order #${mail.orderId}`,
    text:
      `Hi ${mail.name ?? 'there'},\n\n` +
      `thanks for your order #${mail.orderId} of ${mail.placedAt}. ` +
      `We charged EUR ${mail.total} and will email you again when it ships.\n`,
  });
}
