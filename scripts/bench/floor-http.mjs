// The node:http floor: a bare keep-alive node:http server that parses each JSON-RPC body and
// answers it in-process (initialize, notifications, the echo tool). No MCP SDK, no auth, no
// sessions, no Host/Origin checks: the least any Node HTTP MCP endpoint can spend per call on
// this machine. Prints "listening <port>" once it accepts connections.
import { createServer } from 'node:http';

const SESSION = 'floor-http';
const SERVER_INFO = { name: 'floor-http', version: '1.0.0' };

function result(msg) {
  if (msg.method === 'initialize')
    return { protocolVersion: msg.params?.protocolVersion, capabilities: { tools: {} }, serverInfo: SERVER_INFO };
  if (msg.method === 'tools/call') return { content: [{ type: 'text', text: String(msg.params?.arguments?.text ?? '') }] };
  return {};
}

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
      res.writeHead(202, { 'mcp-session-id': SESSION }).end();
      return;
    }
    const body = JSON.stringify({ jsonrpc: '2.0', id: msg.id, result: result(msg) });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'mcp-session-id': SESSION });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
