import { districts } from '@city-twin/events/districts';

// Ordered by code for display; the geometry is the real boundary.
const byCode = [...districts].sort((a, b) => a.code.localeCompare(b.code));

export const districtResolvers = {
  Query: {
    districts: () => byCode,
  },
};
