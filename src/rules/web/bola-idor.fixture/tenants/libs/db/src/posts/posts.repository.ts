import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma.service';

@Injectable()
export class PostsRepository {
  constructor(private _prisma: PrismaService) {}

  editTag(id: string, orgId: string, body: { name: string; color: string }) {
    return this._prisma.tag.update({ where: { id }, data: { name: body.name, color: body.color } });
  }

  deleteTag(id: string, orgId: string) {
    return this._prisma.tag.update({ where: { id, orgId }, data: { deletedAt: new Date() } });
  }

  updateContent(orgId: string, id: string, content: string) {
    return this._prisma.post.update({ where: { id, organizationId: orgId }, data: { content } });
  }

  getPost(id: string) {
    return this._prisma.post.findUnique({ where: { id } });
  }

  deletePost(id: string, orgId: string) {
    return this._prisma.post.delete({ where: { id } });
  }

  getIntegrationById(orgId: string, id: string) {
    return this._prisma.integration.findFirst({ where: { id, organizationId: orgId } });
  }

  updateIntegration(id: string, data: { name?: string; picture?: string }) {
    return this._prisma.integration.update({ where: { id }, data });
  }
}
