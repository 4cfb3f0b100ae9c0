import type { AttributeDto } from '@sigma/contracts';

export type ParsedCell = { ok: true; value: unknown } | { ok: false; message: string };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A cell's text as a value of the attribute's data type. Text, rich text and URLs as they are;
 * number and integer as decimal numbers; boolean `true`/`false` (any case); date ISO 8601; select one
 * of its options; multiselect a JSON array (as exports write it) or comma-separated options. The
 * caller skips empty cells: an empty cell means "no data", never "clear the value".
 */
export function parseCell(text: string, attribute: Pick<AttributeDto, 'dataType' | 'rules'>): ParsedCell {
  const trimmed = text.trim();
  const options = attribute.rules?.options;
  switch (attribute.dataType) {
    case 'text':
    case 'richtext':
    case 'url':
      return { ok: true, value: text };
    case 'number':
    case 'integer': {
      const value = trimmed === '' ? Number.NaN : Number(trimmed);
      if (!Number.isFinite(value)) return { ok: false, message: `'${trimmed}' is not a number` };
      if (attribute.dataType === 'integer' && !Number.isInteger(value)) return { ok: false, message: `'${trimmed}' is not a whole number` };
      return { ok: true, value };
    }
    case 'boolean': {
      const lower = trimmed.toLowerCase();
      if (lower === 'true' || lower === 'false') return { ok: true, value: lower === 'true' };
      return { ok: false, message: `'${trimmed}' is not true or false` };
    }
    case 'date':
      return ISO_DATE.test(trimmed) && !Number.isNaN(Date.parse(trimmed)) ? { ok: true, value: trimmed } : { ok: false, message: `'${trimmed}' is not an ISO 8601 date (YYYY-MM-DD)` };
    case 'select':
      return options && !options.includes(trimmed) ? { ok: false, message: `'${trimmed}' is not one of: ${options.join(', ')}` } : { ok: true, value: trimmed };
    case 'multiselect': {
      const items = listItems(trimmed);
      if (!items) return { ok: false, message: `'${trimmed}' is not a JSON array of strings` };
      const unknown = options ? items.filter((item) => !options.includes(item)) : [];
      return unknown.length > 0 ? { ok: false, message: `unknown options ${unknown.join(', ')}; allowed: ${options?.join(', ')}` } : { ok: true, value: items };
    }
  }
}

function listItems(text: string): string[] | undefined {
  if (!text.startsWith('[')) return text.split(',').map((item) => item.trim()).filter((item) => item !== '');
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}
