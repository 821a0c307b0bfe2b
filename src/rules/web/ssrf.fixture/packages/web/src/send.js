import { execute } from '@demo/kernel';

export const send = (request) => execute(request);
