import { untilReachable } from './until-reachable.js';

describe('untilReachable', () => {
  it('keeps trying while the dependency is down, and goes on once it answers', async () => {
    let calls = 0;
    const result = await untilReachable(
      'a database',
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('connect ECONNREFUSED');
        return 'connected';
      },
      { firstDelayMs: 1, maxDelayMs: 2 },
    );
    expect(result).toBe('connected');
    expect(calls).toBe(3);
  });

  it('gives up after its attempts with the last error, so a real misconfiguration still stops the service', async () => {
    let calls = 0;
    const failing = untilReachable(
      'a database',
      async () => {
        calls += 1;
        throw new Error(`still down (${calls})`);
      },
      { attempts: 4, firstDelayMs: 1, maxDelayMs: 1 },
    );
    await expect(failing).rejects.toThrow('still down (4)');
    expect(calls).toBe(4);
  });
});
