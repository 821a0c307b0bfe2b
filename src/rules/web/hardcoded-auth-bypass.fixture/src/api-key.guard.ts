import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';

@Injectable()
export class ApiKeyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest();
    const apiKey = req.headers['x-api-key'];
    // ruleid: hardcoded-auth-bypass
    if (apiKey === 'internal-service-key-2024') {
      return true;
    }
    return false;
  }
}
