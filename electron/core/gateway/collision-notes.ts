// Remembers which tools/prompts lost their wanted public name to an earlier server, logs each
// new set once, and phrases them for the server's status.
import type { Logger } from '../env.js';
import type { NameCollision } from './naming.js';

type Kind = 'tool' | 'prompt';

export class CollisionNotes {
  private readonly byKind = new Map<Kind, NameCollision[]>();

  constructor(private readonly logger: Logger) {}

  /** Records the collisions of a freshly built index and hands the index back. */
  note<T extends { collisions: NameCollision[] }>(kind: Kind, index: T): T {
    const before = JSON.stringify(this.byKind.get(kind) ?? []);
    this.byKind.set(kind, index.collisions);
    if (JSON.stringify(index.collisions) === before) return index;
    for (const c of index.collisions) {
      this.logger.warn(
        `gateway: ${kind} name collision: "${c.originalName}" of ${c.serverId} is published as "${c.publicName}" because ${c.keptBy} (earlier in id order) has that name`,
        { serverId: c.serverId },
      );
    }
    return index;
  }

  forServer(serverId: string): string[] {
    const out: string[] = [];
    for (const [kind, list] of this.byKind) {
      for (const c of list) {
        if (c.serverId === serverId) out.push(`${kind} "${c.originalName}" is published as "${c.publicName}": ${c.keptBy} has that name`);
      }
    }
    return out;
  }
}
