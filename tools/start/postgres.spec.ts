import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hydrateSymlinks, platformPackageDir } from './postgres';

describe('hydrateSymlinks', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-symlinks-'));
    fs.mkdirSync(path.join(dir, 'native', 'lib'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'native', 'lib', 'libpq.so.5.18'), 'library');
    fs.writeFileSync(
      path.join(dir, 'native', 'pg-symlinks.json'),
      JSON.stringify([
        { source: 'native/lib/libpq.so.5.18', target: 'native/lib/libpq.so' },
        { source: 'native/lib/libpq.so.5.18', target: 'native/lib/libpq.so.5' },
      ]),
    );
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the missing links, relative to their own directory', () => {
    expect(hydrateSymlinks(dir)).toEqual(['native/lib/libpq.so', 'native/lib/libpq.so.5']);
    expect(fs.readlinkSync(path.join(dir, 'native', 'lib', 'libpq.so.5'))).toBe('libpq.so.5.18');
    expect(fs.readFileSync(path.join(dir, 'native', 'lib', 'libpq.so'), 'utf8')).toBe('library');
  });

  it('is idempotent', () => {
    hydrateSymlinks(dir);
    expect(hydrateSymlinks(dir)).toEqual([]);
  });

  it('replaces a dangling link', () => {
    fs.symlinkSync('gone.so', path.join(dir, 'native', 'lib', 'libpq.so'));
    expect(hydrateSymlinks(dir)).toContain('native/lib/libpq.so');
    expect(fs.readFileSync(path.join(dir, 'native', 'lib', 'libpq.so'), 'utf8')).toBe('library');
  });

  it('does nothing without a link list', () => {
    fs.rmSync(path.join(dir, 'native', 'pg-symlinks.json'));
    expect(hydrateSymlinks(dir)).toEqual([]);
  });
});

describe('platformPackageDir', () => {
  it('finds the installed binaries package', () => {
    const dir = platformPackageDir();
    expect(fs.existsSync(path.join(dir, 'native', 'bin', 'postgres'))).toBe(true);
  });
});
