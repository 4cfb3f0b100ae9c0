import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { launchBrowser } from './browser';

describe('launchBrowser', () => {
  it('fails, naming the path, when Chromium cannot be launched (a browser test then fails instead of passing)', async () => {
    const profiles = () => readdirSync(tmpdir()).filter((name) => name.startsWith('sigma-chromium-'));
    const before = new Set(profiles());
    const missing = '/nonexistent/chromium';
    expect(existsSync(missing)).toBe(false);
    await expect(launchBrowser({ executablePath: missing })).rejects.toThrow(`Chromium could not be launched from ${missing}`);
    // The fresh profile it made is gone again.
    expect(profiles().filter((name) => !before.has(name))).toEqual([]);
  });
});
