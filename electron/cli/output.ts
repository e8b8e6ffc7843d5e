// How a command prints its result: `--json` gives the value as JSON on stdout (for scripts),
// otherwise the human lines. Errors go to stderr either way (as {"error":{...}} under --json).
import type { Io } from './io.js';

export interface OutputFlags {
  json?: boolean;
}

export function print(io: Io, flags: OutputFlags, value: unknown, human: () => string | string[]): void {
  if (flags.json) {
    io.out(JSON.stringify(value, null, 2));
    return;
  }
  const text = human();
  io.out(Array.isArray(text) ? text.join('\n') : text);
}

export function printError(io: Io, flags: OutputFlags, code: string, message: string): void {
  io.err(flags.json ? JSON.stringify({ error: { code, message } }) : `error: ${message}`);
}
