import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensurePeerInstalled, isInstalled, packageHash } from './install';

describe('peer install cache', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peer-install-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('counts as installed only with node_modules and the marker of the same package.json', () => {
    const hash = packageHash('{"dependencies":{"@vendure/core":"3.7.3"}}');
    expect(isInstalled(dir, hash)).toBe(false);
    fs.writeFileSync(path.join(dir, '.installed-hash'), `${hash}\n`);
    expect(isInstalled(dir, hash)).toBe(false);
    fs.mkdirSync(path.join(dir, 'node_modules'));
    expect(isInstalled(dir, hash)).toBe(true);
    expect(isInstalled(dir, packageHash('{"dependencies":{"@vendure/core":"3.7.4"}}'))).toBe(false);
  });

  it('rejects, and leaves no marker, when npm cannot install the peer', async () => {
    // A dependency on a missing local tarball fails inside npm without reaching the registry.
    const source = path.join(dir, 'tools', 'bench', 'peers', 'broken');
    fs.mkdirSync(source, { recursive: true });
    fs.writeFileSync(path.join(source, 'package.json'), JSON.stringify({ private: true, dependencies: { missing: 'file:./does-not-exist.tgz' } }));
    await expect(ensurePeerInstalled(dir, 'broken', () => undefined)).rejects.toThrow(/^npm install .* ended with code \d+: .*ENOENT/);
    expect(fs.existsSync(path.join(dir, 'tmp', 'peers', 'broken', '.installed-hash'))).toBe(false);
  });
});
