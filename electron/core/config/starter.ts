// First run: a user who starts the app without a config gets the shipped example instead of
// an error, written atomically so a half-written file can never be the first thing they see.
import { access, readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../runtime/atomic-write.js';

/** Writes `templatePath`'s text to `configPath` if nothing is there yet; true when it wrote. */
export async function ensureStarterConfig(configPath: string, templatePath: string): Promise<boolean> {
  try {
    await access(configPath);
    return false;
  } catch {
    // Missing: fall through and create it.
  }
  await writeFileAtomic(configPath, await readFile(templatePath, 'utf8'), { backup: false });
  return true;
}
