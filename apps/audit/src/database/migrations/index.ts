import { InitialAuditSchema1764000200000 } from './1764000200000-initial-audit-schema';

export const AUDIT_MIGRATIONS = [InitialAuditSchema1764000200000];
