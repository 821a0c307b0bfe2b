import { Injectable } from '@nestjs/common';
import { PostsRepository } from '@acme/db/posts/posts.repository';

@Injectable()
export class PostsService {
  constructor(private _postsRepository: PostsRepository) {}

  editTag(id: string, orgId: string, body: { name: string; color: string }) {
    return this._postsRepository.editTag(id, orgId, body);
  }

  deleteTag(id: string, orgId: string) {
    return this._postsRepository.deleteTag(id, orgId);
  }

  updateContent(orgId: string, id: string, content: string) {
    return this._postsRepository.updateContent(orgId, id, content);
  }

  async deletePost(id: string, orgId: string) {
    const post = await this._postsRepository.getPost(id);
    if (post.organizationId !== orgId) throw new Error('Not found');
    return this._postsRepository.deletePost(id, orgId);
  }

  getIntegrationById(orgId: string, id: string) {
    return this._postsRepository.getIntegrationById(orgId, id);
  }

  updateIntegrationName(id: string, name: string) {
    return this._postsRepository.updateIntegration(id, { name });
  }

  updateIntegrationPicture(id: string, picture: string) {
    return this._postsRepository.updateIntegration(id, { picture });
  }
}
