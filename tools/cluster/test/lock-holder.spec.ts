import net from 'node:net';
import { pidWithLocalPort } from './lock-holder';

describe('the process owning a local TCP port', () => {
  it('is found among the pids by its socket, and no other pid owns it', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    await new Promise<void>((resolve) => client.once('connect', resolve));
    try {
      expect(pidWithLocalPort(client.localPort!, [1, process.pid])).toBe(process.pid);
      expect(pidWithLocalPort(client.localPort!, [1])).toBeUndefined();
    } finally {
      client.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
