// JSON equality is shared by every service (libs/contracts); re-exported for the records domain.
export { jsonEqual } from '@sigma/contracts';
