import type { GraphQLOperation } from '../graphql/client.ts';
import {
  badResponse,
  readArray,
  readNullableString,
  readRecord,
  readString,
} from '../graphql/parse.ts';
import { type Role, roles, type Viewer } from './session-state.ts';

const viewerFields = /* GraphQL */ `
  fragment SessionViewer on Viewer {
    username
    displayName
    role
    districts
    screen
  }
`;

/** A `Viewer` object of a response. */
export function parseViewer(value: unknown, path: string): Viewer {
  const viewer = readRecord(value, path);
  const role = readString(viewer.role, `${path}.role`);
  if (!(roles as readonly string[]).includes(role)) throw badResponse(`${path}.role`, 'a role');
  const districts =
    viewer.districts === null || viewer.districts === undefined
      ? null
      : readArray(viewer.districts, `${path}.districts`).map((code, index) =>
          readString(code, `${path}.districts[${index}]`),
        );
  const username = readString(viewer.username, `${path}.username`);
  return {
    username,
    displayName: readNullableString(viewer.displayName, `${path}.displayName`) ?? username,
    role: role as Role,
    districts,
    screen: readNullableString(viewer.screen, `${path}.screen`),
  };
}

/** Who the current token belongs to; null when the gateway sees no one. */
export const meOperation: GraphQLOperation<Viewer | null> = {
  name: 'SessionMe',
  query: /* GraphQL */ `
    query SessionMe {
      me {
        ...SessionViewer
      }
    }
    ${viewerFields}
  `,
  parse: (data) => {
    const me = readRecord(data, 'data').me;
    return me === null || me === undefined ? null : parseViewer(me, 'me');
  },
};

/** A signed session from `login`. */
export type LoginResult = { token: string; expiresAt: string | null; viewer: Viewer };

/** `login(username, password)`: a session token for a person. */
export const loginOperation: GraphQLOperation<LoginResult> = {
  name: 'SessionLogin',
  query: /* GraphQL */ `
    mutation SessionLogin($username: String!, $password: String!) {
      login(username: $username, password: $password) {
        token
        expiresAt
        viewer {
          ...SessionViewer
        }
      }
    }
    ${viewerFields}
  `,
  parse: (data) => {
    const session = readRecord(readRecord(data, 'data').login, 'login');
    return {
      token: readString(session.token, 'login.token'),
      expiresAt: readNullableString(session.expiresAt, 'login.expiresAt'),
      viewer: parseViewer(session.viewer, 'login.viewer'),
    };
  },
};
