import { Body, Controller, Delete, Param, Patch, Post } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { RequirePermission } from './require-permission.decorator';
import { DocumentsService } from './documents.service';

@Controller('api')
export class FoldersController {
  constructor(private readonly documentsService: DocumentsService, private readonly cls: ClsService) {}

  // The global AccessGuard checks the caller's role in the folder for this action.
  // ok: bola-idor
  @RequirePermission('document.edit')
  @Patch('folders/:folderId/documents/:documentId')
  async rename(@Param('folderId') folderId: string, @Param('documentId') documentId: string, @Body('title') title: string) {
    return this.documentsService.updateDocument(folderId, documentId, title);
  }

  // No action named: the guard lets every signed-in user through.
  // ruleid: bola-idor
  @Delete('documents/:documentId')
  async remove(@Param('documentId') documentId: string) {
    return this.documentsService.deleteDocument(documentId);
  }

  // ok: bola-idor
  @Delete('drafts/:documentId')
  async removeDraft(@Param('documentId') documentId: string) {
    return this.documentsService.deleteDraftDocument(documentId);
  }

  // ruleid: bola-idor
  @Patch('documents/:documentId')
  async edit(@Param('documentId') documentId: string, @Body('title') title: string) {
    return this.documentsService.editDocument(documentId, title);
  }

  // ruleid: bola-idor
  @Post('documents/:documentId/token')
  async rotate(@Param('documentId') documentId: string) {
    return this.documentsService.regenerateDocumentToken(documentId);
  }

  // The caller the request context holds goes into the call.
  // ok: bola-idor
  @Patch('documents/:documentId/pin')
  async pin(@Param('documentId') documentId: string, @Body('pinned') pinned: boolean) {
    const userId = this.cls.get('user.id');
    return this.documentsService.updateDocumentPin(userId, documentId, pinned);
  }
}
