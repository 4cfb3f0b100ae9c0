import { Logger } from '@nestjs/common';
import { runService } from '@sigma/config';
import { API_PREFIX, startGateway } from './bootstrap';
import { DOCS_PATH } from './openapi/openapi';

runService('gateway', async () => {
  const app = await startGateway();
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('0.0.0.0', 'localhost');
  new Logger('gateway').log(`API at ${url}/${API_PREFIX}, docs at ${url}/${DOCS_PATH}`);
});
