// Tool calls waiting for the user's Allow/Deny, keyed by chat request and call id. A wait ends
// with the answer, or with the request's abort (Stop), never on its own.
import { AppError, ErrorCode } from '../../../shared/errors.js';

type Decide = (allow: boolean) => void;

export class ApprovalBoard {
  private readonly waiting = new Map<string, Decide>();

  private static key(requestId: string, callId: string): string {
    return `${requestId}\u0000${callId}`;
  }

  /** Resolves true (Allow) or false (Deny); rejects CANCELLED when the signal aborts first. */
  wait(requestId: string, callId: string, signal: AbortSignal): Promise<boolean> {
    const key = ApprovalBoard.key(requestId, callId);
    return new Promise<boolean>((resolve, reject) => {
      const onAbort = () => {
        this.waiting.delete(key);
        reject(signal.reason instanceof AppError ? signal.reason : new AppError(ErrorCode.CANCELLED, 'request cancelled'));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.set(key, (allow) => {
        signal.removeEventListener('abort', onAbort);
        this.waiting.delete(key);
        resolve(allow);
      });
    });
  }

  /** Answers one waiting call; false when nothing waits under that id (already answered, or stopped). */
  decide(requestId: string, callId: string, allow: boolean): boolean {
    const decide = this.waiting.get(ApprovalBoard.key(requestId, callId));
    decide?.(allow);
    return !!decide;
  }

  get size(): number {
    return this.waiting.size;
  }
}
