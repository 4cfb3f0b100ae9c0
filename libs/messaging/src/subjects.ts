/** Applies the deployment's subject prefix (NATS_SUBJECT_PREFIX) so parallel systems never cross. */
export function prefixSubject(prefix: string | undefined, subject: string): string {
  return prefix ? `${prefix}.${subject}` : subject;
}
