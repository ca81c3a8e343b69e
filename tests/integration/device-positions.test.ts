import { createDb, migrate, type Db } from '@city-twin/db';
import { createGateway, type Gateway } from '@city-twin/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenToken } from '../support/access.ts';
import { createTestDatabase } from '../support/database.ts';
import { gql } from '../support/graphql.ts';

// `devicePositionsAt` places the moving devices at an instant of a replay: each one's last
// position at or before it, within the hour before. Positions are written with SQL.

const at = (time: string) => `2026-12-04T${time}+08:00`;

const query = `query ($at: DateTime!, $type: String) {
  devicePositionsAt(at: $at, type: $type) { deviceId lon lat ts }
}`;

type Answer = {
  devicePositionsAt: { deviceId: string; lon: number; lat: number; ts: string }[];
};

describe('device positions at an instant (replay)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  let gateway: Gateway;
  let url = '';
  let token = '';

  const positionsAt = async (time: string, type?: string) =>
    (await gql<Answer>(url, query, { at: at(time), type }, { token })).devicePositionsAt;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb({ connectionString: database.url, onError: () => undefined });
    await migrate(db);
    await db.query(
      `INSERT INTO device (id, type, name, lon, lat, district, meta_ts, meta_event_id) VALUES
         ('amb-01', 'ambulance', '救护车01', 111.2, 34.77, '411202', $1, 'amb-01:meta'),
         ('amb-02', 'ambulance', '救护车02', 111.1, 34.7, '411203', $1, 'amb-02:meta'),
         ('heat-01', 'heating', '换热站01', 111.19, 34.76, '411202', $1, 'heat-01:meta')`,
      [at('00:00:00')],
    );
    await db.query(
      `INSERT INTO iot_position (ts, device_id, lon, lat, district, event_id)
       SELECT ts, device_id, lon, lat, '411202', device_id || ':' || ts FROM unnest(
         $1::timestamptz[], $2::text[], $3::float8[], $4::float8[]) AS p(ts, device_id, lon, lat)`,
      [
        [at('20:00:00'), at('20:10:00'), at('20:20:00'), at('18:00:00')],
        ['amb-01', 'amb-01', 'amb-01', 'amb-02'],
        [111.201, 111.202, 111.203, 111.1],
        [34.771, 34.772, 34.773, 34.7],
      ],
    );
    token = (await screenToken(db)).token;
    gateway = createGateway({ db, port: 0, log: () => undefined });
    url = await gateway.start();
  });

  afterAll(async () => {
    await gateway?.stop();
    await db?.close();
    await database?.drop();
  });

  it('gives each moving device its last position at or before the instant', async () => {
    expect(await positionsAt('20:15:00')).toEqual([
      { deviceId: 'amb-01', lon: 111.202, lat: 34.772, ts: new Date(at('20:10:00')).toISOString() },
    ]);
    expect((await positionsAt('20:20:00'))[0]).toMatchObject({ lon: 111.203, lat: 34.773 });
    expect((await positionsAt('18:30:00', 'ambulance')).map((p) => p.deviceId)).toEqual(['amb-02']);
  });

  it('places no device before its first position or after an hour without one', async () => {
    expect(await positionsAt('17:59:59')).toEqual([]);
    // amb-02 was last seen at 18:00; at 19:30 that is more than an hour old.
    expect(await positionsAt('19:30:00')).toEqual([]);
    expect(await positionsAt('20:15:00', 'heating')).toEqual([]);
  });
});
