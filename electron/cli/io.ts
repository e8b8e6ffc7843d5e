// How a command talks to the outside world; tests pass their own. Kept tiny: `--help` loads only this.
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
  env: process.env,
  stdin: process.stdin,
};

/**
 * `mcp-orchestrator status | head -1`: once the reader closes the pipe, every write fails with EPIPE,
 * emitted as an 'error' event that would crash the process. The reader wants no more: exit quietly.
 */
export function exitOnClosedPipe(stream: NodeJS.WriteStream, exit: (code: number) => void = (c) => process.exit(c)): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') exit(0);
    else throw err;
  });
}
