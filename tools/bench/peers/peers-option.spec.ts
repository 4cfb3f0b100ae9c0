import { parseOptions, PEER_KEYS, PEER_PRODUCTS_MAX, peerProducts } from '../options';

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

  it('seeds a peer with at most 10,000 products, however many records the run generates for Sigma', () => {
    expect(PEER_PRODUCTS_MAX).toBe(10_000);
    expect(peerProducts(parseOptions(['--peers']).records)).toBe(10_000);
    expect(peerProducts(parseOptions(['--peers', '--records', '2000']).records)).toBe(2000);
  });
});
