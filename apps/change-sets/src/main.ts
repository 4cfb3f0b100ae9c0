import { runService } from '@sigma/config';
import { startChangeSetsService } from './bootstrap';

runService('change-sets', () => startChangeSetsService());
