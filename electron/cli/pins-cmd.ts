// `tools review <server> [--approve NAME ...] [--reject NAME ...] [--all] [--json]` (issue 22 pinning): the
// server's tool, prompt and template definitions that changed (or are new) since the user approved them, with a
// word diff of the description and a diff of the rest; --approve re-pins one (clients see it again), --all
// approves every change, --reject keeps one hidden. Through the running orchestrator's control API, which tells
// its clients at once (list_changed).
import { wordDiffText } from '../../shared/pinning.js';
import type { PinChange } from '../../shared/types.js';
import { orchestrator, type Io } from './context.js';
import { controlCall } from './control-client.js';
import { EXIT, usage } from './exit-codes.js';
import type { Flags } from './flags.js';
import { print } from './output.js';

const USAGE = 'usage: tools review <server> [--approve NAME ...] [--reject NAME ...] [--all] [--json]';

function state(c: PinChange): string {
  if (c.status === 'rejected') return 'rejected, hidden';
  return c.served ? 'served under "warn", awaiting review' : 'hidden until reviewed';
}

function formatChange(c: PinChange): string[] {
  const lines = [`${c.kind} ${c.name}: ${c.change} (${state(c)})`];
  if (c.description.some((p) => p.op !== 'same')) lines.push(`  description: ${wordDiffText(c.description)}`);
  if (c.schemaDiff)
    lines.push(
      '  definition:',
      ...c.schemaDiff
        .trimEnd()
        .split('\n')
        .map((l) => `    ${l}`),
    );
  return lines;
}

function report(server: string, changes: PinChange[]): string[] {
  if (changes.length === 0) return [`${server}: nothing awaiting review`];
  const pending = changes.filter((c) => c.status === 'pending').length;
  return [
    `${server}: ${pending} change(s) awaiting review`,
    ...changes.flatMap(formatChange),
    ...(pending ? [`approve with: tools review ${server} --approve NAME (or --all); keep one hidden with --reject NAME`] : []),
  ];
}

export async function pinsCommand(rest: string[], flags: Flags, io: Io): Promise<number> {
  const [sub, server, extra] = rest;
  if (sub !== 'review' || !server || extra !== undefined) throw usage(USAGE);
  const o = await orchestrator(flags, io);
  let changes: PinChange[] | undefined;
  const review = async (name: string | null, decision: 'approve' | 'reject') => {
    changes = await controlCall<PinChange[]>(o, 'reviewPinChange', [server, name, decision]);
    if (!flags.json) io.err(`${decision === 'approve' ? 'approved' : 'rejected'} ${name ?? 'every change'} on ${server}`);
  };
  for (const name of flags.approve ?? []) await review(name, 'approve');
  for (const name of flags.reject ?? []) await review(name, 'reject');
  if (flags.all) await review(null, 'approve');
  const now = changes ?? (await controlCall<PinChange[]>(o, 'listPinChanges', [server]));
  print(io, flags, now, () => report(server, now));
  return EXIT.OK;
}
