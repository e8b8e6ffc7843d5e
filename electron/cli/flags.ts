// The command line's options, apart from index.ts so subcommands can name their Flags type
// without importing the entry point (that was an import cycle).
import { parseArgs } from 'node:util';

export const OPTIONS = {
  config: { type: 'string' },
  'data-dir': { type: 'string' },
  url: { type: 'string' },
  port: { type: 'string' },
  'log-level': { type: 'string' },
  'no-ui': { type: 'boolean' },
  arg: { type: 'string', multiple: true },
  json: { type: 'string' },
  vendor: { type: 'string' },
  model: { type: 'string' },
  num: { type: 'string' },
  units: { type: 'string' },
  rotate: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  // `config import`: a VS Code input's value, `--secret id=value` (repeatable).
  secret: { type: 'string', multiple: true },
  profile: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type Flags = ReturnType<typeof parse>['values'];

export function parse(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
}
