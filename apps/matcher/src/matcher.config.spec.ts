import { ConfigError, loadConfig } from '#config';
import { MatcherConfig } from './matcher.config.js';
import { UNIT_KAFKA_SETTINGS } from '../../../test/support/unit-config.js';

describe('MatcherConfig', () => {
  it('treats bed counts as stale after 24 h unless told otherwise', () => {
    expect(loadConfig(MatcherConfig, UNIT_KAFKA_SETTINGS).BED_COUNT_STALE_HOURS).toBe(24);
    expect(loadConfig(MatcherConfig, { ...UNIT_KAFKA_SETTINGS, BED_COUNT_STALE_HOURS: '48' }).BED_COUNT_STALE_HOURS).toBe(48);
  });

  it.each(['1', '720'])('accepts BED_COUNT_STALE_HOURS=%s', (hours) => {
    expect(loadConfig(MatcherConfig, { ...UNIT_KAFKA_SETTINGS, BED_COUNT_STALE_HOURS: hours }).BED_COUNT_STALE_HOURS).toBe(Number(hours));
  });

  it.each(['0', '721', '1.5', 'soon'])('refuses BED_COUNT_STALE_HOURS=%s', (hours) => {
    expect(() => loadConfig(MatcherConfig, { ...UNIT_KAFKA_SETTINGS, BED_COUNT_STALE_HOURS: hours })).toThrow(ConfigError);
  });
});
