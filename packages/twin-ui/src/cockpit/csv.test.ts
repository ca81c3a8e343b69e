import { describe, expect, it } from 'vitest';
import { type CsvColumn, toCsv, toCsvField } from './csv.ts';

type Row = { unit: string; score: number; note: string | null };
const columns: CsvColumn<Row>[] = [
  { header: '单位', value: (row) => row.unit },
  { header: '得分', value: (row) => row.score },
  { header: 'note', value: (row) => row.note },
];

describe('toCsv', () => {
  it('writes a header line and one CRLF-ended line per row', () => {
    expect(toCsv(columns, [{ unit: 'A', score: 998.5, note: null }])).toBe(
      '单位,得分,note\r\nA,998.5,\r\n',
    );
  });

  it('keeps Chinese text as it is', () => {
    expect(toCsv(columns, [{ unit: '湖滨区住建局', score: 1000, note: '供暖不热' }])).toBe(
      '单位,得分,note\r\n湖滨区住建局,1000,供暖不热\r\n',
    );
  });

  it('quotes fields with commas, quotes and line breaks', () => {
    const csv = toCsv(columns, [{ unit: 'a,b', score: 1, note: '他说"好"\n第二行' }]);
    expect(csv).toBe('单位,得分,note\r\n"a,b",1,"他说""好""\n第二行"\r\n');
  });

  it('writes only the header for no rows', () => {
    expect(toCsv(columns, [])).toBe('单位,得分,note\r\n');
  });
});

describe('toCsvField', () => {
  it('quotes a carriage return and leaves plain text alone', () => {
    expect(toCsvField('a\rb')).toBe('"a\rb"');
    expect(toCsvField('plain')).toBe('plain');
    expect(toCsvField(null)).toBe('');
    expect(toCsvField(-10)).toBe('-10');
  });
});
