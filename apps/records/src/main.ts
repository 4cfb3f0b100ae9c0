import { runService } from '@sigma/config';
import { startRecordsService } from './bootstrap';

runService('records', () => startRecordsService());
