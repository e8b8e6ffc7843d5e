// The node:http floor: a bare keep-alive node:http server that parses each JSON-RPC body and
// answers it in-process (initialize, notifications, the echo tool). No MCP SDK, no auth, no
// sessions, no Host/Origin checks: the least any Node HTTP MCP endpoint can spend per call on
// this machine. The server itself is floor-server.mjs.
import { sendReply, startFloorServer } from './floor-server.mjs';

const SESSION = 'floor-http';
const SERVER_INFO = { name: 'floor-http', version: '1.0.0' };

function result(msg) {
  if (msg.method === 'initialize')
    return { protocolVersion: msg.params?.protocolVersion, capabilities: { tools: {} }, serverInfo: SERVER_INFO };
  if (msg.method === 'tools/call') return { content: [{ type: 'text', text: String(msg.params?.arguments?.text ?? '') }] };
  return {};
}

startFloorServer(SESSION, (msg, res) => sendReply(res, SESSION, JSON.stringify({ jsonrpc: '2.0', id: msg.id, result: result(msg) })));
