/**
 * Seals ID numbers for the demo load in the registry's stored form — AES-256-GCM ciphertext laid out as
 * iv ‖ tag ‖ ciphertext with the associated data 'person.id_number', an HMAC-SHA-256 blind index and the
 * masked text — exactly what packages/server/src/modules/registry/id-protection.ts `protectIdNumber` writes
 * (the integration test decrypts every one with the server's own functions and recomputes its index).
 *
 * Sealing costs more CPU than anything else in the load, so it runs in worker threads (demo-seal.worker.js),
 * batch by batch, while the main thread builds rows and PostgreSQL ingests them. Differences from
 * protectIdNumber, for speed only: the GCM mode is assembled batch-wise around OpenSSL's AES (see the worker),
 * IVs are drawn from the CSPRNG a batch at a time, and IDs are not re-parsed (the generator builds valid ones;
 * the tests parse every one).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Keys } from '@renkou/server';

/**
 * A pool of sealing workers. `seal(ids)` takes 18-character IDs and resolves to one COPY-encoded line per ID:
 * `\\x<ciphertext>\t\\x<blind index>\t<masked>`.
 */
export class SealPool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, { resolve: (lines: string[]) => void; reject: (e: Error) => void }>();
  private seq = 0;
  /** Whether the last batch used the batch-wise GCM (false only if its start-up check against OpenSSL failed). */
  fast: boolean | undefined;

  /** One worker per core (up to 3): during the person stage the main thread and PostgreSQL mostly wait. */
  constructor(keys: Keys, size = Math.max(1, Math.min(3, availableParallelism()))) {
    this.workers = Array.from({ length: size }, () => {
      // Plain JavaScript, so it runs without the TypeScript loader.
      const w = new Worker(new URL('./demo-seal.worker.js', import.meta.url), { workerData: { idEncryption: new Uint8Array(keys.idEncryption), idIndex: new Uint8Array(keys.idIndex) } });
      w.on('message', ({ seq, text, fast }: { seq: number; text: string; fast: boolean }) => {
        this.fast = fast;
        const p = this.pending.get(seq);
        this.pending.delete(seq);
        p?.resolve(text.split('\n').slice(0, -1));
      });
      w.on('error', (e) => {
        for (const p of this.pending.values()) p.reject(e);
        this.pending.clear();
      });
      return w;
    });
  }

  get size(): number {
    return this.workers.length;
  }

  seal(ids: readonly string[]): Promise<string[]> {
    for (const id of ids) if (id.length !== 18) throw new RangeError('SealPool: IDs must have 18 characters');
    const seq = this.seq++;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      this.workers[seq % this.workers.length]!.postMessage({ seq, ids: ids.join('') });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
