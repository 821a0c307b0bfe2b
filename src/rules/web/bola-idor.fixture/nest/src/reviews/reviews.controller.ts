import { Body, Controller, Delete, Get, Param, Post, Put, Req, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { CurrentUser } from '../current-user.decorator';
import { ReviewsService } from './reviews.service';

@UseGuards(AuthGuard('jwt'))
@Controller('reviews')
export class ReviewsController {
  constructor(private readonly reviewsService: ReviewsService) {}

  // The slug selects someone else's review as well as one's own.
  // ruleid: bola-idor
  @Put(':slug')
  async update(@Param() params, @Body('review') data) {
    return this.reviewsService.updateReview(params.slug, data);
  }

  // ruleid: bola-idor
  @Delete(':slug/notes/:id')
  async deleteNote(@Param() params) {
    const { slug, id } = params;
    return this.reviewsService.deleteNote(slug, id);
  }

  // The service receives the caller and compares it with the review's author.
  // ok: bola-idor
  @Delete(':slug')
  async remove(@CurrentUser('id') userId: number, @Param('slug') slug: string) {
    return this.reviewsService.delete(slug, userId);
  }

  // ok: bola-idor
  @Put(':slug/text')
  async edit(@Req() req, @Param('slug') slug: string, @Body('text') text: string) {
    return this.reviewsService.editText(slug, text, req.user.id);
  }

  // Reading a review by its public slug is what the site is for.
  // ok: bola-idor
  @Get(':slug')
  async findOne(@Param('slug') slug: string) {
    return this.reviewsService.findOne(slug);
  }

  // ok: bola-idor
  @Post(':slug/like')
  async like(@CurrentUser('id') userId: number, @Param('slug') slug: string) {
    return this.reviewsService.like(userId, slug);
  }
}
