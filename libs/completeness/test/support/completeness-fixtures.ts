import type { AttributeDto } from '@sigma/contracts';

/** A text attribute named by its alias; `extra` overrides any field. */
export const attribute = (alias: string, dimensionIds: string[] = [], extra: Partial<AttributeDto> = {}): AttributeDto => ({
  alias,
  name: alias,
  dataType: 'text',
  dimensionIds,
  rules: {},
  ...extra,
});

/** Two dimensions whose segment ids overlap (`seg-de` is German and Germany), as in the demo workspace. */
export const segments = new Map<string, string[]>([
  ['dim-language', ['seg-da', 'seg-de']],
  ['dim-market', ['seg-dk', 'seg-de']],
]);
