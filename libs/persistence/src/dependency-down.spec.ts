import { isDependencyDown } from './dependency-down.js';

describe('isDependencyDown', () => {
  it('recognises a database restarting or unreachable', () => {
    expect(isDependencyDown(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isDependencyDown(Object.assign(new Error('query failed'), { driverError: { code: '57P03' } }))).toBe(true);
    expect(isDependencyDown(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDependencyDown(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('leaves real bugs and bad data alone', () => {
    expect(isDependencyDown(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBe(false);
    expect(isDependencyDown(new TypeError('x is undefined'))).toBe(false);
    expect(isDependencyDown('not an error')).toBe(false);
  });
});
