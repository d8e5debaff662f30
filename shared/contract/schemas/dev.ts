/**
 * The local server's token request (`POST /dev/tokens`, never deployed).
 */
import * as z from 'zod/mini';
import { Role, Slug, Text } from './common.ts';

export const TokenRequest = z.lazy(() =>
  z.strictObject({
    sub: Text(128),
    roles: z.array(Role).check(z.minLength(1, 'must name at least one role'), z.maxLength(4)),
    boardId: Slug,
    partnerId: z.optional(Slug),
  }),
);
