// `npm run bench:profiles`: only the profiles section of `npm run bench`.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { quietFetchListenerWarning } from '../../electron/cli/warnings.js';
import { profilesSection } from './profiles-section.js';

quietFetchListenerWarning();
const dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-orch-bench-profiles-'));
try {
  await profilesSection(dir);
} finally {
  await rm(dir, { recursive: true, force: true });
}
