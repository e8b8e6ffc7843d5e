// The relay floor: node:http in front of the bench's stdio echo child, with hand-written
// newline-delimited JSON framing and an id map, and nothing else (no MCP SDK, no auth, no
// sessions, no schema checks, no timeouts). The least any Node HTTP-to-stdio proxy can spend
// per call on this machine. Like the gateway it writes each event-loop turn's messages to the
// child in one write (cork until setImmediate), so it is a floor for that design too.
// Usage: node floor-relay.mjs <child script>; prints "listening <port>".
import { spawn } from 'node:child_process';
import { sendReply, startFloorServer } from './floor-server.mjs';

const SESSION = 'floor-relay';
const child = spawn(process.execPath, [process.argv[2]], { stdio: ['pipe', 'pipe', 'inherit'] });
child.once('exit', (code) => {
  process.stderr.write(`floor-relay: child exited with ${code}\n`);
  process.exit(1);
});

/** Relay id -> the HTTP reply waiting for it and the client's own id. */
const pending = new Map();
let nextId = 1;
let corked = false;

function toChild(msg) {
  if (!corked) {
    corked = true;
    child.stdin.cork();
    setImmediate(() => {
      corked = false;
      child.stdin.uncork();
    });
  }
  child.stdin.write(`${JSON.stringify(msg)}\n`);
}

function fromChild(line) {
  let msg;
  try {
    msg = JSON.parse(line);
  } catch {
    return;
  }
  const waiting = msg.method === undefined ? pending.get(msg.id) : undefined;
  if (!waiting) return; // the child's notifications and requests: a floor forwards only replies
  pending.delete(msg.id);
  msg.id = waiting.id;
  sendReply(waiting.res, SESSION, JSON.stringify(msg));
}

let buffered = '';
child.stdout.setEncoding('utf8');
child.stdout.on('data', (chunk) => {
  buffered += chunk;
  let nl;
  while ((nl = buffered.indexOf('\n')) >= 0) {
    const line = buffered.slice(0, nl);
    buffered = buffered.slice(nl + 1);
    if (line) fromChild(line);
  }
});

startFloorServer(
  SESSION,
  (msg, res) => {
    const id = nextId++;
    pending.set(id, { res, id: msg.id });
    toChild({ ...msg, id });
  },
  toChild,
);
