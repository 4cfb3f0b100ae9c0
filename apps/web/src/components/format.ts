import type { DimensionDto, Scope } from '../api';

/** Segment and dimension names by id, to print scopes as people read them. */
export interface ScopeNames {
  dimension: (id: string) => string;
  segment: (dimensionId: string, segmentId: string) => string;
}

export function scopeNamesFrom(dimensions: readonly DimensionDto[] = []): ScopeNames {
  const byId = new Map(dimensions.map((dimension) => [dimension.id, dimension]));
  return {
    dimension: (id) => byId.get(id)?.name ?? id,
    segment: (dimensionId, segmentId) => byId.get(dimensionId)?.segments.find((segment) => segment.id === segmentId)?.name ?? segmentId,
  };
}

export const RAW_SCOPE_NAMES: ScopeNames = scopeNamesFrom();

/** A stable key for a scope: its entries sorted by dimension id. */
export function scopeKey(scope: Scope | undefined): string {
  return JSON.stringify(Object.entries(scope ?? {}).sort(([a], [b]) => a.localeCompare(b)));
}

export function formatScope(scope: Scope | undefined, names: ScopeNames = RAW_SCOPE_NAMES): string {
  const entries = Object.entries(scope ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return 'global';
  return entries.map(([dimension, segment]) => `${names.dimension(dimension)}: ${names.segment(dimension, segment)}`).join(' · ');
}

export function formatValue(value: unknown): string {
  if (value === undefined) return '—';
  if (value === null) return '(empty)';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export function formatDate(iso: string | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${dateTime.format(date)} UTC`;
}

/** "3 days ago", for lists; the exact date goes in the title. */
export function formatAge(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const seconds = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  const units: [number, string][] = [
    [365 * 86400, 'year'],
    [30 * 86400, 'month'],
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, unit] of units) {
    const count = Math.floor(seconds / size);
    if (count >= 1) return `${count} ${unit}${count === 1 ? '' : 's'} ago`;
  }
  return 'just now';
}

export function humanize(id: string): string {
  return id.replace(/_/g, ' ');
}
