#!/usr/bin/env node
// Entry point: runs the compiled CLI (dist/node/cli.js, built by `npm run build`). No TypeScript loader.
import module from 'node:module';

// Node ≥ 22.1 (and Electron) can cache compiled code between runs; a no-op on older Node.
module.enableCompileCache?.();
let cli;
try {
  cli = await import('../dist/node/cli.js');
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('dist/node/cli.js')) throw err;
  process.stderr.write('mcp-orchestrator is not built yet: run `npm run build` in its folder (or `npm run serve`).\n');
  process.exit(1);
}
process.exitCode = await cli.main(process.argv.slice(2));
