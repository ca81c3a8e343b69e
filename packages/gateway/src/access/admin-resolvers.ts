import {
  AccessError,
  createScreen,
  createUser,
  disableUser,
  listScreens,
  listUsers,
  revokeScreen,
  setPassword,
  type Role,
  type Screen,
  type User,
} from '@city-twin/access';
import { GraphQLError } from 'graphql';
import type { Context } from '../context.ts';
import { badInput, notFound } from '../errors.ts';

/** An access-control refusal as the API's coded error. */
function toApiError(error: unknown): unknown {
  if (!(error instanceof AccessError)) return error;
  if (error.code === 'TWIN_NOT_FOUND') return notFound(error.message);
  if (error.code === 'TWIN_BAD_INPUT' || error.code === 'TWIN_ALREADY_EXISTS') {
    return badInput(error.message);
  }
  return new GraphQLError(error.message, { extensions: { code: 'FORBIDDEN' } });
}

async function coded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toApiError(error);
  }
}

const toUser = (user: User) => ({
  username: user.username,
  displayName: user.displayName,
  role: user.role,
  districts: user.districts,
  disabled: user.disabled,
  createdAt: user.createdAt,
});

const toScreen = (screen: Screen) => ({
  name: screen.name,
  districts: screen.districts,
  revokedAt: screen.revokedAt,
  createdAt: screen.createdAt,
});

/** Users and wall screens over the API (admins; `pnpm twin` does the same from a shell). */
export function createAccessAdminResolvers() {
  return {
    Query: {
      users: async (_: unknown, __: unknown, { db }: Context) => (await listUsers(db)).map(toUser),
      screens: async (_: unknown, __: unknown, { db }: Context) =>
        (await listScreens(db)).map(toScreen),
    },
    Mutation: {
      createUser: (
        _: unknown,
        args: {
          input: {
            username: string;
            password: string;
            role: Role;
            displayName?: string | null;
            districts?: string[] | null;
          };
        },
        { db }: Context,
      ) =>
        coded(async () =>
          toUser(
            await createUser(db, {
              ...args.input,
              displayName: args.input.displayName ?? undefined,
            }),
          ),
        ),
      resetPassword: (_: unknown, args: { username: string; password: string }, { db }: Context) =>
        coded(async () => toUser(await setPassword(db, args.username, args.password))),
      disableUser: (_: unknown, args: { username: string }, { db }: Context) =>
        coded(async () => toUser(await disableUser(db, args.username))),
      createScreen: (
        _: unknown,
        args: { name: string; districts?: string[] | null },
        { db }: Context,
      ) =>
        coded(async () => {
          const { screen, token } = await createScreen(db, args);
          return { screen: toScreen(screen), token };
        }),
      revokeScreen: (_: unknown, args: { name: string }, { db }: Context) =>
        coded(async () => toScreen(await revokeScreen(db, args.name))),
    },
  };
}
