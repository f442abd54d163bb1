/** Calls as the API writes them (SPEC §3.1 and §3.3), for the suites that compare them whole. */

/** The fields of a recorded call that its rating decides. */
export interface RatedFields {
  readonly billing_period: string;
  readonly block_count: number;
  readonly billed_seconds: number;
  readonly amount: string;
  readonly rate: {
    readonly plan: string;
    readonly version: string;
    readonly prefix: string;
  };
}

/** A call as `PUT` answers it. */
export interface CallJson extends RatedFields {
  readonly id: string;
  readonly user_name: string;
  readonly call_duration: number;
  readonly created_at: string;
  readonly updated_at: string;
  readonly started_at: string;
  readonly destination: string | null;
  readonly late: boolean;
}

/** A call as the listing shows it: as `PUT` answers it, and whether it was voided. */
export interface ListedCall extends CallJson {
  readonly voided_at: string | null;
  readonly void_reason: string | null;
}
