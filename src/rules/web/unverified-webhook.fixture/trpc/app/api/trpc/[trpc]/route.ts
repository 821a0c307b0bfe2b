import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '../../../../src/server/root';

const handler = (req: Request) => fetchRequestHandler({ endpoint: '/api/trpc', router: appRouter, req, createContext: () => ({ db }) });

export { handler as GET, handler as POST };
