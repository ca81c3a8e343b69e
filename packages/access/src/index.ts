/** Users, roles, sessions and wall-screen tokens (work in progress). */
export {};
