/**
 * Runs a whole transaction again when PostgreSQL aborted it for a deadlock (40P01) or a serialization
 * failure (40001). Writers of events meet on the same statistics rows (ADR 0005); the database picks a
 * victim, and the right answer for the victim's clerk is to try once more, not a 500.
 */
const RETRYABLE = new Set(['40P01', '40001']);

export async function retryOnConflict<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= attempts || typeof code !== 'string' || !RETRYABLE.has(code)) throw error;
      // Jittered back-off so the two victims do not collide again at once.
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
    }
  }
}
