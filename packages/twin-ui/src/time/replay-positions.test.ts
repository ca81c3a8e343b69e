import { describe, expect, it } from 'vitest';
import type { DevicePoint } from '../iot/iot-types.ts';
import { toDevicesAt } from './replay-positions.ts';

const device = (id: string, type: string, position: [number, number]): DevicePoint => ({
  id,
  type,
  name: id,
  position,
  district: '411202',
  state: 'normal',
  alertSeverity: null,
  latestTs: null,
});

describe('toDevicesAt', () => {
  const heating = device('heat-01', 'heating', [111.19, 34.76]);
  const ambulance = device('amb-01', 'ambulance', [111.3, 34.8]);
  const idle = device('amb-02', 'ambulance', [111.1, 34.7]);

  it('moves ambulances to their position at the cursor and keeps fixed devices in place', () => {
    const placed = toDevicesAt(
      [heating, ambulance, idle],
      [{ deviceId: 'amb-01', position: [111.202, 34.772] }],
    );
    expect(placed).toEqual([heating, { ...ambulance, position: [111.202, 34.772] }]);
  });

  it('leaves out ambulances without a position at the cursor', () => {
    expect(toDevicesAt([ambulance, idle], [])).toEqual([]);
  });
});
