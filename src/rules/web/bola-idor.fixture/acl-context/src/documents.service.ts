import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { PrismaService } from './prisma.service';

@Injectable()
export class DocumentsService {
  constructor(private readonly prisma: PrismaService, private readonly cls: ClsService) {}

  async updateDocument(folderId: string, documentId: string, title: string) {
    return this.prisma.document.update({ where: { id: documentId, folderId }, data: { title } });
  }

  async deleteDocument(documentId: string) {
    return this.prisma.document.delete({ where: { id: documentId } });
  }

  // The caller from the request context selects the draft: one's own only.
  async deleteDraftDocument(documentId: string) {
    const userId = this.cls.get('user.id');
    return this.prisma.document.delete({ where: { id: documentId, authorId: userId, draft: true } });
  }

  // The caller is only recorded as the editor: any document is changed.
  async editDocument(documentId: string, title: string) {
    return this.prisma.document.update({ where: { id: documentId }, data: { title, editedBy: this.cls.get('user.id') } });
  }

  async regenerateDocumentToken(documentId: string) {
    return this.prisma.document.update({ where: { id: documentId }, data: { token: crypto.randomUUID() } });
  }

  async updateDocumentPin(userId: string, documentId: string, pinned: boolean) {
    return this.prisma.pin.updateMany({ where: { userId, documentId }, data: { pinned } });
  }
}
