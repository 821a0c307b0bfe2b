import { ForbiddenException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ReviewEntity } from './review.entity';

@Injectable()
export class ReviewsService {
  constructor(@InjectRepository(ReviewEntity) private readonly reviews: Repository<ReviewEntity>) {}

  async findOne(slug: string) {
    return this.reviews.findOne({ where: { slug } });
  }

  async updateReview(slug: string, data: Partial<ReviewEntity>) {
    const review = await this.reviews.findOne({ where: { slug } });
    return this.reviews.save({ ...review, ...data });
  }

  async deleteNote(slug: string, id: number) {
    return this.reviews.delete({ slug, id });
  }

  async delete(slug: string, userId: number) {
    const review = await this.reviews.findOne({ where: { slug }, relations: ['author'] });
    if (!review || review.author.id !== userId) throw new ForbiddenException();
    return this.reviews.delete({ slug });
  }

  async editText(slug: string, text: string, userId: number) {
    const review = await this.reviews.findOne({ where: { slug }, relations: ['author'] });
    if (!review || review.author.id !== userId) throw new ForbiddenException();
    return this.reviews.save({ ...review, text });
  }

  async like(userId: number, slug: string) {
    return { userId, slug };
  }
}
