import { Receiver } from '@upstash/qstash';

const receiver = new Receiver({ currentSigningKey: process.env.QSTASH_KEY!, nextSigningKey: process.env.QSTASH_NEXT_KEY! });

// Checks that a queued job comes from the queue service, signed with the deployment's key.
export const verifyQueueSignature = async ({ req, rawBody }: { req: Request; rawBody: string }) => {
  // ruleid: authentication-disabled-by-default
  if (process.env.HOSTED !== '1') {
    return;
  }
  const signature = req.headers.get('Upstash-Signature');
  if (!signature) {
    throw new Error('Upstash-Signature header is required');
  }
  let valid: boolean;
  try {
    valid = await receiver.verify({ signature, body: rawBody });
  } catch (error) {
    throw new Error('Invalid signature');
  }
  if (!valid) {
    throw new Error('Invalid signature');
  }
};
