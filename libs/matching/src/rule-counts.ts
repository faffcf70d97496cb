import { EXCLUSION_RULES, type ExclusionRule } from '#vocabulary';

const RULE_INDEX = Object.fromEntries(EXCLUSION_RULES.map((rule, at) => [rule, at])) as Readonly<Record<ExclusionRule, number>>;

/**
 * How many facilities each rule excluded in the search under way, and the place (in the order the
 * source lists its facilities) of the first one each rule excluded: the counts are reported in that
 * order, as a reading in the source's order would first meet them, whatever order the search read
 * them in. Cheaper than a map keyed by rule, as one is touched for every facility within reach.
 */
export class RuleCounts {
  private readonly counts = new Float64Array(EXCLUSION_RULES.length);
  private readonly first = new Float64Array(EXCLUSION_RULES.length).fill(Infinity);

  clear(): void {
    this.counts.fill(0);
    this.first.fill(Infinity);
  }

  /** Counts `count` facilities excluded by `rule`, the first of them at `place`. */
  add(rule: ExclusionRule, count: number, place: number): void {
    const at = RULE_INDEX[rule];
    this.counts[at] += count;
    if (place < this.first[at]!) this.first[at] = place;
  }

  /** Each rule that excluded some facility, with its count, in the order of the first facility it excluded. */
  toRecord(): Partial<Record<ExclusionRule, number>> {
    const used: number[] = [];
    for (let at = 0; at < EXCLUSION_RULES.length; at += 1) if (this.counts[at]! > 0) used.push(at);
    used.sort((a, b) => this.first[a]! - this.first[b]! || a - b);
    const record: Partial<Record<ExclusionRule, number>> = {};
    for (const at of used) record[EXCLUSION_RULES[at]!] = this.counts[at]!;
    return record;
  }
}
