// Where the API lives: the same origin by default (the host serves both).
export const API_BASE: string = import.meta.env.VITE_API_BASE ?? "";

// Roles, lowest first, as the host ranks them (sdk.h CD_ROLE_*).
export const ROLES = ["viewer", "auditor", "editor", "admin", "owner"] as const;
export type Role = (typeof ROLES)[number];
