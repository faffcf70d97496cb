import type { StreamSlotRepository } from './stream-slot.repository.port.js';

/** Places in a map, as the database holds them (the PostgreSQL repository has an integration spec of its own). */
export class PlacesInMemory implements StreamSlotRepository {
  readonly places = new Map<string, { account: string; instanceId: string }>();
  private next = 0;

  async claim(account: string, instanceId: string, max: number): Promise<string | null> {
    if ((await this.countOf(account)) >= max) return null;
    const id = `slot-${(this.next += 1)}`;
    this.places.set(id, { account, instanceId });
    return id;
  }

  async release(slotId: string): Promise<void> {
    this.places.delete(slotId);
  }

  async renew(instanceId: string): Promise<number> {
    return [...this.places.values()].filter((place) => place.instanceId === instanceId).length;
  }

  async releaseAll(instanceId: string): Promise<number> {
    const held = [...this.places].filter(([, place]) => place.instanceId === instanceId);
    for (const [id] of held) this.places.delete(id);
    return held.length;
  }

  async forgetExpired(): Promise<number> {
    return 0;
  }

  async countOf(account: string): Promise<number> {
    return [...this.places.values()].filter((place) => place.account === account).length;
  }
}
