import { isApiPath, looksLikeFile } from './web-app';

describe('review app routing', () => {
  it('leaves every API path to the API', () => {
    expect(['/api', '/api/', '/api/v1/records', '/api/v1/unknown', '/api?x=1'].map(isApiPath)).toEqual([true, true, true, true, true]);
    expect(['/', '/change-sets/cs-1', '/records/ent-001', '/apiary'].map(isApiPath)).toEqual([false, false, false, false]);
  });

  it('tells file requests from app routes', () => {
    expect(['/favicon.ico', '/assets/index-abc.js', '/robots.txt?x'].map(looksLikeFile)).toEqual([true, true, true]);
    expect(['/', '/change-sets/cs-agent-enrichment', '/records/ent-001?tab=audit', '/sign-in'].map(looksLikeFile)).toEqual([false, false, false, false]);
  });
});
