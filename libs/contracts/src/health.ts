export type DependencyStatus = 'up' | 'down';

export interface ServiceHealth {
  service: string;
  status: DependencyStatus;
  checks: Record<string, { status: DependencyStatus; latencyMs?: number; error?: string }>;
}
