/** Domain errors; each transport maps them to its own status codes. */
export class FacilityNotFoundError extends Error {
  constructor(readonly facilityId: string) {
    super(`facility ${facilityId} does not exist`);
  }
}

export class InvalidBedUpdateError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}
