import { Body, Controller, Delete, Param, Post, Put, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { GetOrgFromRequest } from '../org.decorator';
import { PostsService } from '@acme/db/posts/posts.service';

@UseGuards(AuthGuard('jwt'))
@Controller('posts')
export class PostsController {
  constructor(private _postsService: PostsService) {}

  // The organisation goes to the service, but the repository updates `where: { id }` only.
  // ruleid: bola-idor
  @Put('/tags/:id')
  async editTag(@GetOrgFromRequest() org: { id: string }, @Param('id') id: string, @Body() body: { name: string; color: string }) {
    return this._postsService.editTag(id, org.id, body);
  }

  // ok: bola-idor
  @Delete('/tags/:id')
  async deleteTag(@GetOrgFromRequest() org: { id: string }, @Param('id') id: string) {
    return this._postsService.deleteTag(id, org.id);
  }

  // ok: bola-idor
  @Put('/:id/content')
  async updateContent(@GetOrgFromRequest() org: { id: string }, @Param('id') id: string, @Body('content') content: string) {
    return this._postsService.updateContent(org.id, id, content);
  }

  // The service loads the post and compares its organisation itself.
  // ok: bola-idor
  @Delete('/:id')
  async deletePost(@GetOrgFromRequest() org: { id: string }, @Param('id') id: string) {
    return this._postsService.deletePost(id, org.id);
  }

  // Loaded with the organisation first and refused when missing; the later update by id is the caller's.
  // ok: bola-idor
  @Post('/integrations/:id/nickname')
  async setNickname(@GetOrgFromRequest() org: { id: string }, @Param('id') id: string, @Body() body: { name: string }) {
    const integration = await this._postsService.getIntegrationById(org.id, id);
    if (!integration) {
      throw new Error('Invalid integration');
    }
    return this._postsService.updateIntegrationName(id, body.name);
  }

  // ruleid: bola-idor
  @Post('/integrations/:id/picture')
  async setPicture(@GetOrgFromRequest() org: { id: string }, @Param('id') id: string, @Body() body: { picture: string }) {
    return this._postsService.updateIntegrationPicture(id, body.picture);
  }
}
