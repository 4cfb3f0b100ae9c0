export * from './unique';
export * from './schemas';
export * from './records';
export * from './change-sets';
