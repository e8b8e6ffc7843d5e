// The CLI run from source (tsx), for CPU profiles whose frames name our files and packages;
// the bench's figures come from the built CLI (bin/mcp-orchestrator.mjs).
import { main } from '../../electron/cli/index.js';

process.exitCode = await main(process.argv.slice(2));
