import type { GraphQLOperation } from '../graphql/client.ts';
import {
  readArray,
  readNullableNumber,
  readNumber,
  readRecord,
  readString,
} from '../graphql/parse.ts';
import { overdueTicketsOperation } from '../hotline/hotline-operations.ts';
import type { HotlineFigures, OverdueTicket, UnitRef } from '../hotline/hotline-types.ts';
import { deviceSummaryOperation } from '../iot/iot-operations.ts';
import type { DeviceSummary } from '../iot/iot-types.ts';

// The cockpit's queries: the hotline and IoT operations narrowed to a district, a unit or a
// period pair. The answers are parsed by the scenes' own parsers wherever the shapes agree.

const figureFields = /* GraphQL */ `
  fragment CockpitFigures on HotlineStats {
    accepted
    completed
    due
    completionRate
    callbacks
    satisfactionRate
    onTimeSignRate
    overdueOpen
  }
`;

/** The figures of a period and of the period it is compared with. */
export type FigurePair = { current: HotlineFigures; previous: HotlineFigures };

/**
 * Hotline figures of from..to and of previousFrom..previousTo, for the city, a district
 * (variable district) or a unit (variable unitId).
 */
export const figurePairOperation: GraphQLOperation<FigurePair> = {
  name: 'CockpitFigurePair',
  query: /* GraphQL */ `
    query CockpitFigurePair(
      $from: LocalDate!
      $to: LocalDate!
      $previousFrom: LocalDate!
      $previousTo: LocalDate!
      $district: String
      $unitId: ID
    ) {
      current: hotlineStats(from: $from, to: $to, district: $district, unitId: $unitId) {
        ...CockpitFigures
      }
      previous: hotlineStats(
        from: $previousFrom
        to: $previousTo
        district: $district
        unitId: $unitId
      ) {
        ...CockpitFigures
      }
    }
    ${figureFields}
  `,
  parse: (data) => {
    const root = readRecord(data, 'data');
    return {
      current: parseFigures(root.current, 'current'),
      previous: parseFigures(root.previous, 'previous'),
    };
  },
};

/**
 * Hotline figures of each district over from..to (variables: from, to, d0…d5 the district
 * codes). The query names six districts, as the city has.
 */
export const districtFiguresSize = 6;
const districtSlots = Array.from({ length: districtFiguresSize }, (_, index) => `d${index}`);

export const districtFiguresOperation: GraphQLOperation<(HotlineFigures | null)[]> = {
  name: 'CockpitDistrictFigures',
  query: /* GraphQL */ `
    query CockpitDistrictFigures($from: LocalDate!, $to: LocalDate!, ${districtSlots
      .map((slot) => `$${slot}: String`)
      .join(', ')}, ${districtSlots.map((slot) => `$skip_${slot}: Boolean!`).join(', ')}) {
      ${districtSlots
        .map(
          (slot) =>
            `${slot}: hotlineStats(from: $from, to: $to, district: $${slot}) @skip(if: $skip_${slot}) { ...CockpitFigures }`,
        )
        .join('\n')}
    }
    ${figureFields}
  `,
  parse: (data) => {
    const root = readRecord(data, 'data');
    return districtSlots.map((slot) =>
      root[slot] === undefined || root[slot] === null ? null : parseFigures(root[slot], slot),
    );
  },
};

/** The variables of {@link districtFiguresOperation} for up to six district codes. */
export function toDistrictFiguresVariables(
  codes: readonly string[],
  range: { from: string; to: string },
): Record<string, unknown> {
  const variables: Record<string, unknown> = { ...range };
  districtSlots.forEach((slot, index) => {
    const code = codes[index];
    variables[slot] = code ?? null;
    variables[`skip_${slot}`] = code === undefined;
  });
  return variables;
}

/** The handling units of one district (variable district). */
export const districtUnitsOperation: GraphQLOperation<UnitRef[]> = {
  name: 'CockpitDistrictUnits',
  query: /* GraphQL */ `
    query CockpitDistrictUnits($district: String!) {
      units(district: $district) {
        id
        name
      }
    }
  `,
  parse: (data) =>
    readArray(readRecord(data, 'data').units, 'units').map((item, index) => {
      const record = readRecord(item, `units[${index}]`);
      return {
        id: readString(record.id, `units[${index}].id`),
        name: readString(record.name, `units[${index}].name`),
      };
    }),
};

/** How many overdue open orders a unit's or a district's list shows. */
export const cockpitOverdueSize = 100;

/** Open orders overdue for completion of a unit and/or district (variables: first, unitId, district). */
export const scopedOverdueOperation: GraphQLOperation<OverdueTicket[]> = {
  name: 'CockpitOverdueTickets',
  query: /* GraphQL */ `
    query CockpitOverdueTickets($first: Int!, $unitId: ID, $district: String) {
      tickets(filter: { overdueOpen: true, unitId: $unitId, district: $district }, first: $first) {
        edges {
          node {
            id
            category
            summary
            district
            unit {
              id
              name
            }
            dueAt
            overdueSeconds
          }
        }
      }
    }
  `,
  parse: overdueTicketsOperation.parse,
};

/** A district's devices counted, with the ones needing attention (variables: district, attentionFirst). */
export const districtDevicesOperation: GraphQLOperation<DeviceSummary> = {
  name: 'CockpitDistrictDevices',
  query: /* GraphQL */ `
    query CockpitDistrictDevices($district: String!, $attentionFirst: Int) {
      deviceSummary(district: $district, attentionFirst: $attentionFirst) {
        total
        byType {
          key
          count
        }
        byState {
          key
          count
        }
        byDistrict {
          key
          count
        }
        attention {
          id
          type
          name
          lon
          lat
          district
          state
          alertSeverity
          latestTs
        }
      }
    }
  `,
  parse: deviceSummaryOperation.parse,
};

function parseFigures(value: unknown, path: string): HotlineFigures {
  const record = readRecord(value, path);
  return {
    accepted: readNumber(record.accepted, `${path}.accepted`),
    completed: readNumber(record.completed, `${path}.completed`),
    due: readNumber(record.due, `${path}.due`),
    completionRate: readNullableNumber(record.completionRate, `${path}.completionRate`),
    callbacks: readNumber(record.callbacks, `${path}.callbacks`),
    satisfactionRate: readNullableNumber(record.satisfactionRate, `${path}.satisfactionRate`),
    onTimeSignRate: readNullableNumber(record.onTimeSignRate, `${path}.onTimeSignRate`),
    overdueOpen: readNumber(record.overdueOpen, `${path}.overdueOpen`),
  };
}

/** What a device is, for the drill path and its series (variable id); null when unknown. */
export type DeviceHead = { id: string; type: string; name: string; district: string | null };

export const deviceHeadOperation: GraphQLOperation<DeviceHead | null> = {
  name: 'CockpitDeviceHead',
  query: /* GraphQL */ `
    query CockpitDeviceHead($id: ID!) {
      device(id: $id) {
        id
        type
        name
        district
      }
    }
  `,
  parse: (data) => {
    const device = readRecord(data, 'data').device;
    if (device === null || device === undefined) return null;
    const record = readRecord(device, 'device');
    const district = record.district;
    return {
      id: readString(record.id, 'device.id'),
      type: readString(record.type, 'device.type'),
      name: readString(record.name, 'device.name'),
      district: typeof district === 'string' ? district : null,
    };
  },
};
