/**
 * The HTTP side of bench/stats.ts, run as a child process so the server has an event loop of its own and
 * does not share a thread with the load generator. The parent sends the database URL, the keys and the
 * accounts to create; this process starts the real server (createServer from @renkou/server) on
 * 127.0.0.1, creates the accounts (roles without a second factor, so a password signs them in), answers
 * with the port, and stops on "stop" or when the parent goes away.
 */
import type { Role } from '@renkou/core';
import { createServer, createUserInTrx, type Keys } from '@renkou/server';

export interface StatsServerStart {
  readonly url: string;
  readonly keys: { idEncryption: string; idIndex: string; totp: string };
  readonly poolSize: number;
  readonly users: readonly { username: string; password: string; role: Role; regionCode: string }[];
}

export interface StatsServerReady {
  readonly port: number;
}

function send(message: unknown): void {
  process.send?.(message);
}

process.once('message', (start: StatsServerStart) => {
  void (async () => {
    const keys: Keys = {
      idEncryption: Buffer.from(start.keys.idEncryption, 'base64'),
      idIndex: Buffer.from(start.keys.idIndex, 'base64'),
      totp: Buffer.from(start.keys.totp, 'base64'),
    };
    // Rate limits raised so the bench measures statistics, not the limiter's refusals.
    const server = await createServer({
      url: start.url,
      keys,
      poolSize: start.poolSize,
      security: { searchPerMinute: 1_000_000_000, loginPerMinute: 1_000_000, revealPerHour: 1_000_000 },
    });
    await server.deps.db.transaction().execute(async (trx) => {
      for (const [i, u] of start.users.entries()) {
        await createUserInTrx(trx, { keys, security: server.deps.security }, {
          username: u.username, displayName: `压测用户${i + 1}`, holder: `bench-holder-${i + 1}`, role: u.role, regionCode: u.regionCode, password: u.password,
        });
      }
    });
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    const address = server.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const stop = async () => {
      await server.close().catch(() => undefined);
      process.exit(0);
    };
    process.on('message', (m) => {
      if (m === 'stop') void stop();
    });
    process.on('disconnect', () => void stop());
    send({ port } satisfies StatsServerReady);
  })().catch((error: unknown) => {
    send({ error: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  });
});
