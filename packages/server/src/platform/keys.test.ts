import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateKeys, loadOrCreateKeys } from './keys';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'renkou-keys-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('key file', () => {
  it('is created with mode 0600 when absent (also in a folder that does not exist yet), and says so', () => {
    const file = path.join(dir, 'nested', 'keys.json');
    const lines: string[] = [];
    const keys = loadOrCreateKeys(file, (l) => lines.push(l));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(lines.join('\n')).toContain(file);
    for (const k of [keys.idEncryption, keys.idIndex, keys.totp]) expect(k).toHaveLength(32);
    // Three independent keys.
    expect(keys.idEncryption.equals(keys.idIndex)).toBe(false);
    expect(keys.idIndex.equals(keys.totp)).toBe(false);
  });

  it('is reloaded identical on the next start, silently', () => {
    const file = path.join(dir, 'keys.json');
    const first = loadOrCreateKeys(file);
    const lines: string[] = [];
    const again = loadOrCreateKeys(file, (l) => lines.push(l));
    expect(again.idEncryption.equals(first.idEncryption)).toBe(true);
    expect(again.idIndex.equals(first.idIndex)).toBe(true);
    expect(again.totp.equals(first.totp)).toBe(true);
    expect(lines).toEqual([]);
  });

  it('rejects a key of the wrong length, naming the key', () => {
    const file = path.join(dir, 'keys.json');
    loadOrCreateKeys(file);
    const content = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...content, idIndex: Buffer.alloc(16).toString('base64') }), { mode: 0o600 });
    expect(() => loadOrCreateKeys(file)).toThrow(/idIndex must be 32 bytes/);
    writeFileSync(file, JSON.stringify({ ...content, totp: undefined }), { mode: 0o600 });
    expect(() => loadOrCreateKeys(file)).toThrow(/totp must be 32 bytes/);
  });

  it('warns when the file is readable by others', () => {
    const file = path.join(dir, 'keys.json');
    const k = generateKeys();
    writeFileSync(file, JSON.stringify({ version: 1, idEncryption: k.idEncryption.toString('base64'), idIndex: k.idIndex.toString('base64'), totp: k.totp.toString('base64') }), { mode: 0o644 });
    const lines: string[] = [];
    const loaded = loadOrCreateKeys(file, (l) => lines.push(l));
    expect(loaded.idEncryption.equals(k.idEncryption)).toBe(true);
    expect(lines.join('\n')).toMatch(/644.*600/);
  });

  it('never overwrites an existing file', () => {
    const file = path.join(dir, 'keys.json');
    writeFileSync(file, 'not json', { mode: 0o600 });
    expect(() => loadOrCreateKeys(file)).toThrow();
    expect(readFileSync(file, 'utf8')).toBe('not json');
  });
});
