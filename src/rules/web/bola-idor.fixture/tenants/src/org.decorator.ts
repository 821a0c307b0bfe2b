import { createParamDecorator, ExecutionContext } from '@nestjs/common';

export const GetOrgFromRequest = createParamDecorator((data: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest().org);
