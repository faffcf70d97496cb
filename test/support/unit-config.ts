/** Kafka settings a service's config requires, for unit specs that load the config but never connect. */
export const UNIT_KAFKA_SETTINGS = { KAFKA_USERNAME: 'unit-spec', KAFKA_PASSWORD: 'unit-spec-password-never-used' } as const;
