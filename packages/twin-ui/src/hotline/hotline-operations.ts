import type { GraphQLOperation } from '../graphql/client.ts';
import {
  badResponse,
  isRecord,
  readArray,
  readBoolean,
  readNullableNumber,
  readNullableString,
  readNumber,
  readRecord,
  readString,
} from '../graphql/parse.ts';
import type {
  CategoryDayCount,
  HotlineFigures,
  HotlineKpis,
  HotlineRules,
  OverdueTicket,
  ScoreComponent,
  ScoreItem,
  TicketEvent,
  TicketLocation,
  TicketStatus,
  TicketTrace,
  UnitRanking,
  UnitRankRow,
  UnitRef,
  UnitScoreBreakdown,
} from './hotline-types.ts';
import { ticketStatuses } from './hotline-types.ts';

/** Today's and this year's figures (variables: today, yearStart; in replay at, the cursor). */
export const hotlineKpisOperation: GraphQLOperation<HotlineKpis> = {
  name: 'HotlineKpis',
  query: /* GraphQL */ `
    query HotlineKpis($today: LocalDate!, $yearStart: LocalDate!, $at: DateTime) {
      today: hotlineStats(from: $today, to: $today, at: $at) {
        ...HotlineFigures
      }
      year: hotlineStats(from: $yearStart, to: $today, at: $at) {
        ...HotlineFigures
      }
    }
    fragment HotlineFigures on HotlineStats {
      accepted
      completed
      due
      completionRate
      callbacks
      satisfactionRate
      onTimeSignRate
      overdueOpen
    }
  `,
  parse: (data) => {
    const root = readRecord(data, 'data');
    return { today: parseFigures(root.today, 'today'), year: parseFigures(root.year, 'year') };
  },
};

/** The scoring rules in force. */
export const hotlineRulesOperation: GraphQLOperation<HotlineRules> = {
  name: 'HotlineRules',
  query: /* GraphQL */ `
    query HotlineRules {
      hotlineRules {
        base
        points {
          kind
          points
        }
        flagBelow
        flagFallMoreThan
      }
    }
  `,
  parse: (data) => {
    const rules = readRecord(readRecord(data, 'data').hotlineRules, 'hotlineRules');
    return {
      base: readNumber(rules.base, 'hotlineRules.base'),
      points: readArray(rules.points, 'hotlineRules.points').map((item, index) => {
        const path = `hotlineRules.points[${index}]`;
        const record = readRecord(item, path);
        return {
          kind: readString(record.kind, `${path}.kind`),
          points: readNumber(record.points, `${path}.points`),
        };
      }),
      flagBelow: readNumber(rules.flagBelow, 'hotlineRules.flagBelow'),
      flagFallMoreThan: readNumber(rules.flagFallMoreThan, 'hotlineRules.flagFallMoreThan'),
    };
  },
};

/** Every unit's score over from..to, best first. */
export const unitRankingOperation: GraphQLOperation<UnitRanking> = {
  name: 'UnitRanking',
  query: /* GraphQL */ `
    query UnitRanking($from: LocalDate!, $to: LocalDate!) {
      unitRanking(from: $from, to: $to) {
        from
        to
        previousFrom
        previousTo
        rows {
          unit {
            id
            name
          }
          score
          rank
          previousScore
          previousRank
          change
          flagged
          flagReasons
        }
      }
    }
  `,
  parse: (data) => {
    const ranking = readRecord(readRecord(data, 'data').unitRanking, 'unitRanking');
    return {
      from: readString(ranking.from, 'unitRanking.from'),
      to: readString(ranking.to, 'unitRanking.to'),
      previousFrom: readString(ranking.previousFrom, 'unitRanking.previousFrom'),
      previousTo: readString(ranking.previousTo, 'unitRanking.previousTo'),
      rows: readArray(ranking.rows, 'unitRanking.rows').map((row, index) =>
        parseRankRow(row, `unitRanking.rows[${index}]`),
      ),
    };
  },
};

/** How many overdue open orders the list shows. */
export const overdueListSize = 50;

/** Orders overdue for completion and still open. */
export const overdueTicketsOperation: GraphQLOperation<OverdueTicket[]> = {
  name: 'OverdueTickets',
  query: /* GraphQL */ `
    query OverdueTickets($first: Int!) {
      tickets(filter: { overdueOpen: true }, first: $first) {
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
  parse: (data) =>
    readTicketNodes(data).map((node, index) =>
      parseOverdueTicket(node, `tickets.edges[${index}].node`),
    ),
};

/**
 * The orders overdue for completion and still open at an instant, longest overdue first, as
 * they stood then (replay; variables: at, first).
 */
export const overdueTicketsAtOperation: GraphQLOperation<OverdueTicket[]> = {
  name: 'OverdueTicketsAt',
  query: /* GraphQL */ `
    query OverdueTicketsAt($at: DateTime!, $first: Int!) {
      ticketsOpenAt(at: $at, overdue: true, first: $first) {
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
  `,
  parse: (data) =>
    readArray(readRecord(data, 'data').ticketsOpenAt, 'ticketsOpenAt').map((node, index) =>
      parseOverdueTicket(node, `ticketsOpenAt[${index}]`),
    ),
};

function parseOverdueTicket(node: unknown, path: string): OverdueTicket {
  const record = readRecord(node, path);
  const dueAt = readNullableString(record.dueAt, `${path}.dueAt`);
  return {
    id: readString(record.id, `${path}.id`),
    category: readNullableString(record.category, `${path}.category`),
    summary: readNullableString(record.summary, `${path}.summary`),
    district: readNullableString(record.district, `${path}.district`),
    unit: parseNullableUnit(record.unit, `${path}.unit`),
    dueAt,
    overdueSeconds:
      readNullableNumber(record.overdueSeconds, `${path}.overdueSeconds`) ??
      (dueAt === null ? null : Math.max(0, (Date.now() - Date.parse(dueAt)) / 1000)),
  };
}

/** The orders open at an instant with where they are, newest first (replay; variables: at, first). */
export const openTicketLocationsOperation: GraphQLOperation<TicketLocation[]> = {
  name: 'OpenTicketLocations',
  query: /* GraphQL */ `
    query OpenTicketLocations($at: DateTime!, $first: Int!) {
      ticketsOpenAt(at: $at, first: $first) {
        id
        status
        category
        lon
        lat
        createdAt
      }
    }
  `,
  parse: (data) =>
    readArray(readRecord(data, 'data').ticketsOpenAt, 'ticketsOpenAt').flatMap((node, index) => {
      const location = parseLocation(node, `ticketsOpenAt[${index}]`);
      return location ? [location] : [];
    }),
};

/** A work order's location for the map; null when it has none. */
function parseLocation(node: unknown, path: string): TicketLocation | null {
  const record = readRecord(node, path);
  const lon = readNullableNumber(record.lon, `${path}.lon`);
  const lat = readNullableNumber(record.lat, `${path}.lat`);
  if (lon === null || lat === null) return null;
  return {
    id: readString(record.id, `${path}.id`),
    status: parseStatus(record.status, `${path}.status`),
    category: readNullableString(record.category, `${path}.category`),
    position: [lon, lat],
    createdAt: readNullableString(record.createdAt, `${path}.createdAt`),
  };
}

/** One page of work-order locations for the map. */
export type TicketLocationPage = {
  tickets: TicketLocation[];
  /** Orders without a location on this page (not drawn). */
  unlocated: number;
  endCursor: string | null;
  hasNextPage: boolean;
};

/** A page of work orders created in a time window, newest first, with where they are. */
export const ticketLocationsOperation: GraphQLOperation<TicketLocationPage> = {
  name: 'TicketLocations',
  query: /* GraphQL */ `
    query TicketLocations($from: DateTime!, $to: DateTime!, $first: Int!, $after: String) {
      tickets(filter: { from: $from, to: $to }, first: $first, after: $after) {
        edges {
          node {
            id
            status
            category
            lon
            lat
            createdAt
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `,
  parse: (data) => {
    const tickets: TicketLocation[] = [];
    let unlocated = 0;
    readTicketNodes(data).forEach((node, index) => {
      const location = parseLocation(node, `tickets.edges[${index}].node`);
      if (location) tickets.push(location);
      else unlocated += 1;
    });
    const pageInfo = readRecord(
      readRecord(readRecord(data, 'data').tickets, 'tickets').pageInfo,
      'tickets.pageInfo',
    );
    return {
      tickets,
      unlocated,
      hasNextPage: readBoolean(pageInfo.hasNextPage, 'tickets.pageInfo.hasNextPage'),
      endCursor: readNullableString(pageInfo.endCursor, 'tickets.pageInfo.endCursor'),
    };
  },
};

/** Orders accepted per day and category over from..to. */
export const hotlineTrendOperation: GraphQLOperation<CategoryDayCount[]> = {
  name: 'HotlineTrend',
  query: /* GraphQL */ `
    query HotlineTrend($from: LocalDate!, $to: LocalDate!) {
      hotlineTrend(from: $from, to: $to) {
        day
        category
        count
      }
    }
  `,
  parse: (data) =>
    readArray(readRecord(data, 'data').hotlineTrend, 'hotlineTrend').map((item, index) => {
      const path = `hotlineTrend[${index}]`;
      const record = readRecord(item, path);
      return {
        day: readString(record.day, `${path}.day`),
        category: readString(record.category, `${path}.category`),
        count: readNumber(record.count, `${path}.count`),
      };
    }),
};

/** One work order with every action and score fact; null when the id is unknown. */
export const ticketTraceOperation: GraphQLOperation<TicketTrace | null> = {
  name: 'TicketTrace',
  query: /* GraphQL */ `
    query TicketTrace($id: ID!) {
      ticket(id: $id) {
        id
        status
        createdAt
        channel
        category
        urgency
        kind
        summary
        district
        callerName
        callerPhone
        unit {
          id
          name
        }
        signDueAt
        dueAt
        completedAt
        resolution
        extensions
        returns
        reopens
        satisfaction
        overdueSign
        overdueComplete
        overdueSeconds
        chasedAt
        events {
          eventId
          ts
          action
          unit {
            id
            name
          }
          detail
        }
        scoreItems {
          ticketId
          kind
          cycle
          at
          unit {
            id
            name
          }
          points
        }
      }
    }
  `,
  parse: (data) => {
    const value = readRecord(data, 'data').ticket;
    return value === null || value === undefined ? null : parseTrace(value, 'ticket');
  },
};

/** How many score items one breakdown page brings. */
export const breakdownPageSize = 100;

/** One unit's score over from..to with a page of its score facts. */
export const unitScoreBreakdownOperation: GraphQLOperation<UnitScoreBreakdown> = {
  name: 'UnitScoreBreakdown',
  query: /* GraphQL */ `
    query UnitScoreBreakdown(
      $unitId: ID!
      $from: LocalDate!
      $to: LocalDate!
      $first: Int!
      $after: String
    ) {
      unitScoreBreakdown(unitId: $unitId, from: $from, to: $to, first: $first, after: $after) {
        unit {
          id
          name
        }
        from
        to
        base
        score
        components {
          kind
          count
          pointsEach
          points
        }
        items {
          edges {
            node {
              ticketId
              kind
              cycle
              at
              unit {
                id
                name
              }
              points
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  `,
  parse: (data) => {
    const path = 'unitScoreBreakdown';
    const record = readRecord(readRecord(data, 'data').unitScoreBreakdown, path);
    const items = readRecord(record.items, `${path}.items`);
    const pageInfo = readRecord(items.pageInfo, `${path}.items.pageInfo`);
    const hasNextPage = readBoolean(pageInfo.hasNextPage, `${path}.items.pageInfo.hasNextPage`);
    const endCursor = readNullableString(pageInfo.endCursor, `${path}.items.pageInfo.endCursor`);
    return {
      unit: parseUnit(record.unit, `${path}.unit`),
      from: readString(record.from, `${path}.from`),
      to: readString(record.to, `${path}.to`),
      base: readNumber(record.base, `${path}.base`),
      score: readNumber(record.score, `${path}.score`),
      components: readArray(record.components, `${path}.components`).map((item, index) =>
        parseComponent(item, `${path}.components[${index}]`),
      ),
      items: readArray(items.edges, `${path}.items.edges`).map((edge, index) => {
        const edgePath = `${path}.items.edges[${index}]`;
        return parseScoreItem(readRecord(edge, edgePath).node, `${edgePath}.node`);
      }),
      nextCursor: hasNextPage ? endCursor : null,
    };
  },
};

function readTicketNodes(data: unknown): unknown[] {
  const connection = readRecord(readRecord(data, 'data').tickets, 'tickets');
  return readArray(connection.edges, 'tickets.edges').map(
    (edge, index) => readRecord(edge, `tickets.edges[${index}]`).node,
  );
}

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

function parseUnit(value: unknown, path: string): UnitRef {
  const record = readRecord(value, path);
  return { id: readString(record.id, `${path}.id`), name: readString(record.name, `${path}.name`) };
}

function parseNullableUnit(value: unknown, path: string): UnitRef | null {
  return value === null || value === undefined ? null : parseUnit(value, path);
}

function parseStatus(value: unknown, path: string): TicketStatus {
  const status = readString(value, path);
  if (!(ticketStatuses as readonly string[]).includes(status)) {
    throw badResponse(path, 'a TicketStatus');
  }
  return status as TicketStatus;
}

function parseRankRow(value: unknown, path: string): UnitRankRow {
  const record = readRecord(value, path);
  return {
    unit: parseUnit(record.unit, `${path}.unit`),
    score: readNumber(record.score, `${path}.score`),
    rank: readNumber(record.rank, `${path}.rank`),
    previousScore: readNumber(record.previousScore, `${path}.previousScore`),
    previousRank: readNumber(record.previousRank, `${path}.previousRank`),
    change: readNumber(record.change, `${path}.change`),
    flagged: readBoolean(record.flagged, `${path}.flagged`),
    flagReasons: readArray(record.flagReasons, `${path}.flagReasons`).map((reason, index) =>
      readString(reason, `${path}.flagReasons[${index}]`),
    ),
  };
}

function parseComponent(value: unknown, path: string): ScoreComponent {
  const record = readRecord(value, path);
  return {
    kind: readString(record.kind, `${path}.kind`),
    count: readNumber(record.count, `${path}.count`),
    pointsEach: readNumber(record.pointsEach, `${path}.pointsEach`),
    points: readNumber(record.points, `${path}.points`),
  };
}

function parseScoreItem(value: unknown, path: string): ScoreItem {
  const record = readRecord(value, path);
  return {
    ticketId: readString(record.ticketId, `${path}.ticketId`),
    kind: readString(record.kind, `${path}.kind`),
    cycle: readNumber(record.cycle, `${path}.cycle`),
    at: readString(record.at, `${path}.at`),
    unit: parseNullableUnit(record.unit, `${path}.unit`),
    points: readNumber(record.points, `${path}.points`),
  };
}

function parseEvent(value: unknown, path: string): TicketEvent {
  const record = readRecord(value, path);
  const detail = record.detail;
  return {
    eventId: readString(record.eventId, `${path}.eventId`),
    ts: readString(record.ts, `${path}.ts`),
    action: readString(record.action, `${path}.action`),
    unit: parseNullableUnit(record.unit, `${path}.unit`),
    // JSON scalar: an object of the action's fields; anything else carries nothing to show.
    detail: isRecord(detail) ? detail : null,
  };
}

function parseTrace(value: unknown, path: string): TicketTrace {
  const record = readRecord(value, path);
  const text = (field: string): string | null =>
    readNullableString(record[field], `${path}.${field}`);
  return {
    id: readString(record.id, `${path}.id`),
    status: parseStatus(record.status, `${path}.status`),
    createdAt: text('createdAt'),
    channel: text('channel'),
    category: text('category'),
    urgency: text('urgency'),
    kind: text('kind'),
    summary: text('summary'),
    district: text('district'),
    callerName: text('callerName'),
    callerPhone: text('callerPhone'),
    unit: parseNullableUnit(record.unit, `${path}.unit`),
    signDueAt: text('signDueAt'),
    dueAt: text('dueAt'),
    completedAt: text('completedAt'),
    resolution: text('resolution'),
    extensions: readNumber(record.extensions, `${path}.extensions`),
    returns: readNumber(record.returns, `${path}.returns`),
    reopens: readNumber(record.reopens, `${path}.reopens`),
    satisfaction: text('satisfaction'),
    overdueSign: readBoolean(record.overdueSign, `${path}.overdueSign`),
    overdueComplete: readBoolean(record.overdueComplete, `${path}.overdueComplete`),
    overdueSeconds: readNullableNumber(record.overdueSeconds, `${path}.overdueSeconds`),
    chasedAt: text('chasedAt'),
    events: readArray(record.events, `${path}.events`).map((event, index) =>
      parseEvent(event, `${path}.events[${index}]`),
    ),
    scoreItems: readArray(record.scoreItems, `${path}.scoreItems`).map((item, index) =>
      parseScoreItem(item, `${path}.scoreItems[${index}]`),
    ),
  };
}
