import { classifyAddress, parseAllowedHosts, urlProblem } from './address-policy';

describe('webhook address policy', () => {
  it.each([
    ['127.0.0.1', 'blocked'],
    ['127.255.0.9', 'blocked'],
    ['10.1.2.3', 'blocked'],
    ['172.16.0.1', 'blocked'],
    ['172.31.255.255', 'blocked'],
    ['192.168.1.10', 'blocked'],
    ['169.254.169.254', 'blocked'],
    ['100.64.0.1', 'blocked'],
    ['0.0.0.0', 'blocked'],
    ['::1', 'blocked'],
    ['::', 'blocked'],
    ['fe80::1', 'blocked'],
    ['fd12:3456::1', 'blocked'],
    ['fc00::1', 'blocked'],
    ['::ffff:10.0.0.1', 'blocked'],
    ['::ffff:127.0.0.1', 'blocked'],
    ['not-an-ip', 'blocked'],
    ['172.32.0.1', 'public'],
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['2606:4700::1111', 'public'],
    ['::ffff:8.8.8.8', 'public'],
  ])('classifies %s as %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it('accepts https to public hosts and refuses http, credentials, localhost and literal internal addresses', () => {
    const none = new Set<string>();
    expect(urlProblem('https://erp.example.com/hook', none)).toBeUndefined();
    expect(urlProblem('http://erp.example.com/hook', none)).toMatch(/https/);
    expect(urlProblem('https://user:pw@erp.example.com/', none)).toMatch(/credentials/);
    expect(urlProblem('https://localhost/hook', none)).toMatch(/localhost/);
    expect(urlProblem('https://api.localhost/hook', none)).toMatch(/localhost/);
    expect(urlProblem('https://10.0.0.5/hook', none)).toMatch(/private/);
    expect(urlProblem('https://169.254.169.254/latest', none)).toMatch(/private/);
    expect(urlProblem('https://[::1]:8443/hook', none)).toMatch(/private/);
    expect(urlProblem('nope', none)).toMatch(/absolute/);
  });

  it('lets allowlisted hosts through, over http too', () => {
    const allowed = parseAllowedHosts(' 127.0.0.1, ERP.internal ,');
    expect([...allowed]).toEqual(['127.0.0.1', 'erp.internal']);
    expect(urlProblem('http://127.0.0.1:9999/hook', allowed)).toBeUndefined();
    expect(urlProblem('http://erp.internal/hook', allowed)).toBeUndefined();
    expect(urlProblem('http://127.0.0.2/hook', allowed)).toMatch(/https/);
    expect(urlProblem('https://127.0.0.2/hook', allowed)).toMatch(/private/);
  });
});
