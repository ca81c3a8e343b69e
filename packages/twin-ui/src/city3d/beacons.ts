import type { AlertSummary, Severity } from '../alerts/alert-types.ts';
import type { CityModel } from './city-model.ts';
import type { LocalPoint } from './projection.ts';

/** An alert on the sand table: a light beam where it is, and a flow from its district's seat. */
export type Beacon = {
  id: string;
  severity: Severity;
  at: LocalPoint;
  /** Where its flow starts (its district's seat); null when it stands at the seat itself. */
  origin: LocalPoint | null;
};

// A flow shorter than this would be a dot under the beam.
const minFlowKm = 0.8;

/** The beacons of the located alerts, least severe first (drawn first, under the worse ones). */
export function toBeacons(alerts: readonly AlertSummary[], model: CityModel): Beacon[] {
  const seats = new Map(model.districts.map((district) => [district.code, district.seat]));
  const beacons: Beacon[] = [];
  for (const alert of alerts) {
    if (alert.position === null) continue;
    const at = model.projection.toLocal(alert.position);
    const seat = alert.district === null ? undefined : seats.get(alert.district);
    const origin = seat && Math.hypot(seat[0] - at[0], seat[1] - at[1]) >= minFlowKm ? seat : null;
    beacons.push({ id: alert.id, severity: alert.severity, at, origin });
  }
  return beacons.sort((a, b) => a.severity - b.severity || a.id.localeCompare(b.id));
}

/** Whether two beacon lists draw the same (the renderer then keeps what it built). */
export function isSameBeacons(a: readonly Beacon[], b: readonly Beacon[]): boolean {
  return (
    a.length === b.length &&
    a.every((beacon, index) => {
      const other = b[index];
      return (
        other !== undefined &&
        beacon.id === other.id &&
        beacon.severity === other.severity &&
        isSamePoint(beacon.at, other.at) &&
        isSamePoint(beacon.origin, other.origin)
      );
    })
  );
}

function isSamePoint(a: LocalPoint | null, b: LocalPoint | null): boolean {
  return a === null || b === null ? a === b : a[0] === b[0] && a[1] === b[1];
}

/** Beacons per district code, most first (ties by code); alerts outside every district under null. */
export function toDistrictCounts(
  alerts: readonly AlertSummary[],
): { district: string | null; count: number }[] {
  const counts = new Map<string | null, number>();
  for (const alert of alerts) {
    if (alert.position === null) continue;
    counts.set(alert.district, (counts.get(alert.district) ?? 0) + 1);
  }
  return [...counts]
    .map(([district, count]) => ({ district, count }))
    .sort((a, b) => b.count - a.count || compareDistricts(a.district, b.district));
}

/** By code, outside every district last. */
function compareDistricts(a: string | null, b: string | null): number {
  if (a === null || b === null) return (a === null ? 1 : 0) - (b === null ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}
