/**
 * The HTTP side of bench/person-lookup.ts, run as a child process so the server has an event loop of its
 * own and does not share a thread with the load generator. The parent sends the database URL and keys;
 * this process starts the real server (createServer from @renkou/server) on 127.0.0.1, creates the county
 * officer who signs in, answers with the port, and stops on "stop" or when the parent goes away.
 */
import { createServer, createUserInTrx, type Keys } from '@renkou/server';

export interface ServerStart {
  readonly url: string;
  readonly keys: { idEncryption: string; idIndex: string; totp: string };
  readonly poolSize: number;
  readonly user: { username: string; password: string; regionCode: string };
}

export interface ServerReady {
  readonly port: number;
}

function send(message: unknown): void {
  process.send?.(message);
}

process.once('message', (start: ServerStart) => {
  void (async () => {
    const keys: Keys = {
      idEncryption: Buffer.from(start.keys.idEncryption, 'base64'),
      idIndex: Buffer.from(start.keys.idIndex, 'base64'),
      totp: Buffer.from(start.keys.totp, 'base64'),
    };
    // Rate limits raised so the bench measures the lookup, not the limiter's refusals.
    const server = await createServer({
      url: start.url,
      keys,
      poolSize: start.poolSize,
      security: { searchPerMinute: 1_000_000_000, loginPerMinute: 1_000_000, revealPerHour: 1_000_000 },
    });
    await server.deps.db.transaction().execute((trx) =>
      createUserInTrx(trx, { keys, security: server.deps.security }, {
        username: start.user.username, displayName: '压测县级用户', holder: 'bench-holder', role: 'county_officer', regionCode: start.user.regionCode, password: start.user.password,
      }),
    );
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
    send({ port } satisfies ServerReady);
  })().catch((error: unknown) => {
    send({ error: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  });
});
