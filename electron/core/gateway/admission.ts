// Connection admission. Opening a TCP connection needs no token, so connections that have not
// shown one (not yet sent headers, or sent requests without a valid token) get their own small
// share of the connection cap: past it, the one idle longest is closed to admit the newcomer.
// A flood of idle or slow connections then only churns within that share, while a client that
// sends its headers at once is served, and one that showed the token is never evicted.
// (The cap itself, Node's maxConnections, still bounds everything; headersTimeout bounds the
// time an untrusted connection may take to send its headers.)
import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export class Admission {
  /** Untrusted sockets, oldest activity first (a Set keeps insertion order). */
  private readonly untrusted = new Set<Socket>();
  private readonly trusted = new WeakSet<Socket>();
  evicted = 0;

  constructor(private readonly maxUntrusted: number) {}

  attach(http: HttpServer): void {
    http.on('connection', (socket: Socket) => this.onConnection(socket));
    http.on('request', (req: IncomingMessage, res: ServerResponse) => this.onRequest(req, res));
  }

  /** The request on this socket carried the gateway's token: it leaves the untrusted share for good. */
  trust(socket: Socket): void {
    this.trusted.add(socket);
    this.untrusted.delete(socket);
  }

  private onConnection(socket: Socket): void {
    socket.once('close', () => this.untrusted.delete(socket));
    this.touch(socket);
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const socket = req.socket;
    // The gateway's handler runs first and has already trusted a socket whose request carried the token.
    if (this.trusted.has(socket)) return;
    this.touch(socket);
    // Waiting for its next request, an untrusted keep-alive socket counts as newly idle.
    res.once('finish', () => this.touch(socket));
  }

  private touch(socket: Socket): void {
    if (this.trusted.has(socket) || socket.destroyed) return;
    this.untrusted.delete(socket);
    this.untrusted.add(socket);
    while (this.untrusted.size > this.maxUntrusted) {
      const oldest = this.untrusted.values().next().value as Socket;
      this.untrusted.delete(oldest);
      this.evicted++;
      oldest.destroy();
    }
  }
}
