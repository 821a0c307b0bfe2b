import { CanActivate, ExecutionContext, Injectable, NotFoundException } from '@nestjs/common';
import { ResumesService } from './resumes.service';

// Loads the resume of the path id for the caller, or refuses.
@Injectable()
export class ResumeGuard implements CanActivate {
  constructor(private readonly resumesService: ResumesService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest();
    const resume = await this.resumesService.findOne(request.params.id, request.user.id);
    if (!resume) throw new NotFoundException();
    request.payload = { resume };
    return true;
  }
}
