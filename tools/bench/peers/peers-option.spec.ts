import { parseOptions, PEER_KEYS } from '../options';

describe('--peers', () => {
  it('is off unless given, so a plain or --quick run never installs a peer', () => {
    expect(parseOptions(['--quick']).peers).toEqual([]);
    expect(parseOptions(['--quick']).sizes.runLimitMs).toBe(5 * 60_000);
  });

  it('runs every peer by default, or the named ones, with an hour more before the watchdog stops the run', () => {
    expect(parseOptions(['--peers']).peers).toEqual(PEER_KEYS);
    const named = parseOptions(['--quick', '--peers=directus']);
    expect(named.peers).toEqual(['directus']);
    expect(named.sizes.runLimitMs).toBe(65 * 60_000);
  });

  it('refuses a peer it does not know', () => {
    expect(() => parseOptions(['--peers=magento'])).toThrow("unknown peer 'magento'");
  });
});
