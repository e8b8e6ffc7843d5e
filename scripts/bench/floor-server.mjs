// What both bench floors share: a bare keep-alive node:http server on 127.0.0.1 that reads each
// POST body as one JSON-RPC message, answers 400 to bad JSON and 202 to a notification, and
// hands requests to `onRequest(msg, res)`. Prints "listening <port>" once it accepts connections.
import { createServer } from 'node:http';

export function startFloorServer(session, onRequest, onNotification = () => {}) {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let msg;
      try {
        msg = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400).end();
        return;
      }
      if (msg.id === undefined) {
        onNotification(msg);
        res.writeHead(202, { 'mcp-session-id': session }).end();
        return;
      }
      onRequest(msg, res);
    });
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
}

/** Sends one JSON-RPC reply with the floor's session header. */
export function sendReply(res, session, body) {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'mcp-session-id': session });
  res.end(body);
}
