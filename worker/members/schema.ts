import { z } from 'zod';
import { idParam, memberSchema, roleSchema, userIdSchema } from '../resources/schema';

export const memberParam = idParam.extend({ userId: userIdSchema });

export const changeRoleInput = z.object({ role: roleSchema });

export const memberOutput = z.object({ member: memberSchema });
