import { StreamSlots, TooManyStreamsError } from './stream-slots.js';

describe('stream slots', () => {
  it('refuses an account its next stream once all of its places are taken, with 429 and why', () => {
    const slots = new StreamSlots();
    for (let n = 0; n < 10; n++) slots.take('planner-1', 10);
    let refusal: unknown;
    try {
      slots.take('planner-1', 10);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(TooManyStreamsError);
    expect(refusal).toMatchObject({ kind: 'too-many', message: expect.stringMatching(/already has 10 live-update streams open/) });
    expect(slots.countOf('planner-1')).toBe(10);
  });

  it('counts each account apart', () => {
    const slots = new StreamSlots();
    slots.take('planner-1', 1);
    expect(() => slots.take('planner-1', 1)).toThrow(TooManyStreamsError);
    expect(() => slots.take('planner-2', 1)).not.toThrow();
  });

  it('frees a place when a stream is released, once however often it is released', () => {
    const slots = new StreamSlots();
    const first = slots.take('planner-1', 2);
    slots.take('planner-1', 2);
    first.release();
    first.release();
    expect(slots.countOf('planner-1')).toBe(1);
    slots.take('planner-1', 2);
    expect(() => slots.take('planner-1', 2)).toThrow(TooManyStreamsError);
  });
});
