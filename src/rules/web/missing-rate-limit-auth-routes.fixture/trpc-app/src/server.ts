import express from 'express';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import { appRouter } from './users';

const app = express();
app.use('/trpc', createExpressMiddleware({ router: appRouter }));
app.listen(3000);
