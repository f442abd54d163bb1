import type {
  HealthCheckResult,
  HealthIndicatorResult,
} from '@nestjs/terminus';

/** Each check by name with its status alone: `{"database": {"status": "down"}}`. */
function statusesOnly(
  checks: Partial<HealthIndicatorResult> | undefined,
): HealthIndicatorResult {
  const statuses: HealthIndicatorResult = {};
  for (const [name, check] of Object.entries(checks ?? {})) {
    if (check !== undefined) statuses[name] = { status: check.status };
  }
  return statuses;
}

/**
 * What `/health` shows anyone who asks: up or down per check, never why. A check's details
 * carry the driver's message (`connect ECONNREFUSED 10.0.0.5:3306`): the database's address is
 * for the operator's logs, not for every client.
 */
export function publicHealth(result: HealthCheckResult): HealthCheckResult {
  return {
    status: result.status,
    info: statusesOnly(result.info),
    error: statusesOnly(result.error),
    details: statusesOnly(result.details),
  };
}
