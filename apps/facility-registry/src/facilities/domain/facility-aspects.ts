/** The four aspects of a facility, each with its own version, history entries and topic. */
export const FACILITY_ASPECTS = ['profile', 'capacity', 'accreditation', 'insurance'] as const;
export type FacilityAspect = (typeof FACILITY_ASPECTS)[number];
