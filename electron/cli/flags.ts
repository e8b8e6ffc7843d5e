// The command line's options, apart from index.ts so subcommands can name their Flags type
// without importing the entry point (that was an import cycle).
import { parseArgs } from 'node:util';

const OPTIONS = {
  config: { type: 'string' },
  'data-dir': { type: 'string' },
  url: { type: 'string' },
  port: { type: 'string' },
  'log-level': { type: 'string' },
  'no-ui': { type: 'boolean' },
  arg: { type: 'string', multiple: true },
  /** Output as JSON (every command). */
  json: { type: 'boolean' },
  /** `call`'s arguments as a JSON object: written `--json '{...}'` (see jsonArguments). */
  'arguments-json': { type: 'string' },
  vendor: { type: 'string' },
  model: { type: 'string' },
  num: { type: 'string' },
  units: { type: 'string' },
  rotate: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  // `config import`: a VS Code input's value, `--secret id=value` (repeatable).
  secret: { type: 'string', multiple: true },
  profile: { type: 'string' },
  follow: { type: 'boolean', short: 'f' },
  since: { type: 'string' },
  // `audit`'s filters.
  server: { type: 'string' },
  client: { type: 'string' },
  // `tools review`'s decisions (issue 22 pinning).
  approve: { type: 'string', multiple: true },
  reject: { type: 'string', multiple: true },
  all: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type Flags = ReturnType<typeof parse>['values'];

/**
 * `--json` is both the output switch and, for `call`, the arguments object (`--json '{"a":1}'`): a
 * `--json` whose value is a JSON object (the next word, or after `=`) is the arguments; a bare
 * `--json` asks for JSON output.
 */
export function jsonArguments(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (a.startsWith('--json=')) out.push(`--arguments-json=${a.slice(7)}`);
    else if (a === '--json' && argv[i + 1]?.trimStart().startsWith('{')) out.push(`--arguments-json=${argv[++i]}`);
    else out.push(a);
  }
  return out;
}

export function parse(argv: string[]) {
  return parseArgs({ args: jsonArguments(argv), options: OPTIONS, allowPositionals: true, strict: true });
}
