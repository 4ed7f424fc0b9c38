import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Secret keys live in a file outside the database (never in it, never in logs): a database dump alone
 * cannot reveal an ID number.
 */
export interface Keys {
  /** AES-256-GCM key for ID numbers. */
  readonly idEncryption: Buffer;
  /** HMAC-SHA-256 key of the blind index used for exact ID lookup. */
  readonly idIndex: Buffer;
  /** AES-256-GCM key for TOTP secrets. */
  readonly totp: Buffer;
}

interface KeyFile {
  version: 1;
  idEncryption: string;
  idIndex: string;
  totp: string;
}

export function defaultKeysFile(dataDir: string): string {
  return process.env.RENKOU_KEYS_FILE ?? path.join(dataDir, 'keys.json');
}

export function generateKeys(): Keys {
  return { idEncryption: randomBytes(32), idIndex: randomBytes(32), totp: randomBytes(32) };
}

/** Reads the key file, creating it (mode 0600) on first start. */
export function loadOrCreateKeys(file: string, log: (line: string) => void = () => undefined): Keys {
  if (!existsSync(file)) {
    const keys = generateKeys();
    mkdirSync(path.dirname(file), { recursive: true });
    const content: KeyFile = {
      version: 1,
      idEncryption: keys.idEncryption.toString('base64'),
      idIndex: keys.idIndex.toString('base64'),
      totp: keys.totp.toString('base64'),
    };
    writeFileSync(file, JSON.stringify(content, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    log(`已生成密钥文件 ${file}（请妥善备份，丢失将无法解密身份证号）/ created the key file ${file}; back it up: without it no ID number can be decrypted`);
    return keys;
  }
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) log(`警告：密钥文件 ${file} 权限为 ${mode.toString(8)}，应为 600 / warning: key file ${file} has mode ${mode.toString(8)}; it should be 600`);
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
  const decode = (name: keyof Omit<KeyFile, 'version'>) => {
    const b = Buffer.from(parsed[name] ?? '', 'base64');
    if (b.length !== 32) throw new Error(`key file ${file}: ${name} must be 32 bytes`);
    return b;
  };
  return { idEncryption: decode('idEncryption'), idIndex: decode('idIndex'), totp: decode('totp') };
}
