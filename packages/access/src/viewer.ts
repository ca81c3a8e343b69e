/** Roles, least to most privileged (DESIGN.md §6). */
export const roles = ['screen', 'leader', 'operator', 'admin'] as const;

/** What a signed-in identity may do: see {@link roles}. */
export type Role = (typeof roles)[number];

/** Whether `value` names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

/** Who is asking: a signed-in user or a wall screen. */
export interface Viewer {
  /** Login name; `screen:<name>` for a wall screen. */
  username: string;
  displayName: string;
  role: Role;
  /** District codes the viewer may see; null: the whole city. */
  districts: string[] | null;
  /** The wall screen's name for a screen token, else null. */
  screen: string | null;
}
