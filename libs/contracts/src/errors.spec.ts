import { DomainError, IssueCollector, MAX_REPORTED_ISSUES, TOO_MANY_ISSUES_RULE, type ValidationIssue } from './errors';

const issue = (i: number): ValidationIssue => ({ field: `values.a${i}`, rule: 'unknown-attribute', message: `attribute 'a${i}' is not in the schema` });

describe('bounded validation errors', () => {
  it('DomainError.validation lists at most the first 100 issues plus one with the total, message included', () => {
    const error = DomainError.validation(Array.from({ length: 5000 }, (_, i) => issue(i)));
    const details = error.details as ValidationIssue[];
    expect(details).toHaveLength(MAX_REPORTED_ISSUES + 1);
    expect(details[0]).toEqual(issue(0));
    expect(details[MAX_REPORTED_ISSUES]).toEqual({ field: 'values', rule: TOO_MANY_ISSUES_RULE, message: '5000 issues found; only the first 100 are listed' });
    expect(error.message).toContain('5000 issues found');
    expect(error.message.length).toBeLessThan(10_000);
  });

  it('leaves short lists as they are', () => {
    expect(DomainError.validation([issue(1), issue(2)]).details).toEqual([issue(1), issue(2)]);
  });

  it('the collector builds only the issues it keeps and says when its total is a lower bound', () => {
    const collector = new IssueCollector('values');
    let built = 0;
    for (let i = 0; i < 1000; i += 1) collector.add(() => (built += 1, issue(i)));
    expect(built).toBe(MAX_REPORTED_ISSUES);
    expect(collector.total).toBe(1000);
    collector.stop();
    expect(collector.list()[MAX_REPORTED_ISSUES].message).toBe('at least 1000 issues found; only the first 100 are listed');
  });
});
