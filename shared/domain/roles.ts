/**
 * Who may do what is said in roles: finance officers keep the books, partners read their own
 * documents, the board reads forecasts and reports, administrators create boards and partners.
 */
export const ROLES = ['finance', 'partner', 'board', 'admin'] as const;
export type Role = (typeof ROLES)[number];
