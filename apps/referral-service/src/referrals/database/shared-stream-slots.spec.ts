import { TooManyStreamsError } from '../domain/stream-slots.js';
import { SharedStreamSlots } from './shared-stream-slots.js';
import { PlacesInMemory } from './stream-slot.test-factory.js';

const LEASE = { leaseMs: 30_000, renewEveryMs: 10_000 };

describe('stream places shared by instances', () => {
  let places: PlacesInMemory;
  let slots: SharedStreamSlots;

  beforeEach(() => {
    places = new PlacesInMemory();
    slots = new SharedStreamSlots(places, LEASE);
  });

  it('refuses an account its next stream once all its places are taken, with 429 and why; other accounts carry on', async () => {
    await slots.take('planner-1', 2);
    await slots.take('planner-1', 2);
    const refusal = await slots.take('planner-1', 2).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(TooManyStreamsError);
    expect(refusal).toMatchObject({ kind: 'too-many', message: expect.stringMatching(/already has 2 live-update streams open/) });
    await expect(slots.take('planner-2', 2)).resolves.toBeDefined();
    expect(await slots.countOf('planner-1')).toBe(2);
  });

  it('gives a place back when its stream closes, once however often it is released', async () => {
    const first = await slots.take('planner-1', 2);
    await slots.take('planner-1', 2);
    await first.release();
    await first.release();
    expect(await slots.countOf('planner-1')).toBe(1);
    await expect(slots.take('planner-1', 2)).resolves.toBeDefined();
    await expect(slots.take('planner-1', 2)).rejects.toBeInstanceOf(TooManyStreamsError);
  });

  it('gives back every place of this instance when it stops, and leaves other instances’ alone', async () => {
    const other = new SharedStreamSlots(places, LEASE);
    const open = await slots.take('planner-1', 5);
    await slots.take('planner-1', 5);
    await other.take('planner-1', 5);
    await slots.beforeApplicationShutdown();
    expect(await slots.countOf('planner-1')).toBe(1);
    // A stream closing afterwards finds its place already given back.
    await open.release();
    expect(await other.countOf('planner-1')).toBe(1);
  });

  it('keeps answering when a place cannot be given back at once (it lapses with the lease)', async () => {
    const unreachable = Object.assign(new PlacesInMemory(), { release: () => Promise.reject(new Error('connect ECONNREFUSED')) });
    const failing = new SharedStreamSlots(unreachable, LEASE);
    const slot = await failing.take('planner-1', 1);
    await expect(slot.release()).resolves.toBeUndefined();
    await expect(failing.beforeApplicationShutdown()).resolves.toBeUndefined();
    expect(unreachable.places.size).toBe(0);
  });
});
