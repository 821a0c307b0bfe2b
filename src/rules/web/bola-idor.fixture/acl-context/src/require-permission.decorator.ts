import { SetMetadata } from '@nestjs/common';

export const REQUIRED_ACTIONS = 'requiredActions';
export const RequirePermission = (...actions: string[]) => SetMetadata(REQUIRED_ACTIONS, actions);
