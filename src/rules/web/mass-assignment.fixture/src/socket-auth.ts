// A socket.io handler typed with TypeScript's `this` parameter: `this` is the socket, the payload
// is the next parameter.
import { Uploader } from './uploader';
import { Account } from './account';

export function attach(io: Server): void {
  io.on('connection', (socket) => {
    socket.on('auth:perform', performAuthentication);
  });
}

function performAuthentication(this: Socket, data: AuthPerformData): void {
  const socket = this;
  // ok: mass-assignment
  new Uploader(socket);
  // ruleid: mass-assignment
  Account.create(data);
}
