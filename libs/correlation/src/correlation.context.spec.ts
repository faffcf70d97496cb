import { acceptCorrelationId, correlationIdOf, currentCorrelationId, withCorrelation } from './correlation.context.js';

describe('correlation context', () => {
  it('carries the id through awaits, and only inside', async () => {
    expect(currentCorrelationId()).toBeUndefined();
    const seen = await withCorrelation('ref-42', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return currentCorrelationId();
    });
    expect(seen).toBe('ref-42');
    expect(currentCorrelationId()).toBeUndefined();
  });

  it('keeps a plain caller id and replaces anything that could forge or flood a log line', () => {
    expect(acceptCorrelationId('abc-123_x.y:z')).toBe('abc-123_x.y:z');
    expect(acceptCorrelationId(Buffer.from('from-kafka'))).toBe('from-kafka');
    for (const bad of ['', 'two words', 'line\nbreak', 'x'.repeat(65), undefined, 42]) {
      expect(acceptCorrelationId(bad)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("takes a Kafka message's correlation id from its header, or falls back to the event id", () => {
    expect(correlationIdOf({ 'correlation-id': Buffer.from('ref-7') }, 'event-1')).toBe('ref-7');
    expect(correlationIdOf({}, 'event-1')).toBe('event-1');
    expect(correlationIdOf(undefined, 'event-1')).toBe('event-1');
  });
});
