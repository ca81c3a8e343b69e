import { AccessError, authenticate, issueSession, type Viewer } from '@city-twin/access';
import { unauthenticated, type Context } from '../context.ts';
import { createAccessAdminResolvers } from './admin-resolvers.ts';

/** Resolvers of `me` and `login`, and the admins' users and screens. */
export function createAccessResolvers() {
  const admin = createAccessAdminResolvers();
  return {
    Query: {
      ...admin.Query,
      me: (_: unknown, __: unknown, { viewer }: Context): Viewer | null => viewer,
    },
    Mutation: {
      ...admin.Mutation,
      login: async (
        _: unknown,
        args: { username: string; password: string },
        { db }: Context,
      ): Promise<{ token: string; expiresAt: Date; viewer: Viewer }> => {
        let user;
        try {
          user = await authenticate(db, args.username, args.password);
        } catch (error) {
          if (error instanceof AccessError) throw unauthenticated('Wrong username or password');
          throw error;
        }
        const session = await issueSession(db, user);
        return {
          ...session,
          viewer: {
            username: user.username,
            displayName: user.displayName,
            role: user.role,
            districts: user.districts,
            screen: null,
          },
        };
      },
    },
  };
}
