// A single-page app keeps its view of the server's bridges in step with the server's messages.
export class BridgesWidget {
  bridges: { username: string; status: string }[] = [];

  constructor(private io: { socket: { on(event: string, fn: (data: any) => void): void } }) {
    this.io.socket.on('child-bridge-status-update', (data: any) => {
      const existing = this.bridges.find((x) => x.username === data.username);
      if (existing) {
        // ok: mass-assignment
        Object.assign(existing, data);
      } else {
        this.bridges.push(data);
      }
    });
  }
}
