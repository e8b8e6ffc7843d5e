// One small event emitter for our own listener lists. A listener that throws is reported to
// `onError` (when given) and never stops the others: a bug in one subscriber must not break
// supervision or the UI's pushes.
export class Emitter<A extends unknown[]> {
  private readonly listeners = new Set<(...args: A) => void>();

  constructor(private readonly onError?: (err: unknown) => void) {}

  /** Adds a listener; returns the function that removes it. */
  on(listener: (...args: A) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Calls every listener registered when the emit began (one added meanwhile waits for the next). */
  emit(...args: A): void {
    for (const l of [...this.listeners]) {
      try {
        l(...args);
      } catch (err) {
        if (!this.onError) throw err;
        this.onError(err);
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }

  clear(): void {
    this.listeners.clear();
  }
}
