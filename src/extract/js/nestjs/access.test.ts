import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { operationOf } from './access.js';
import { extractor } from './index.js';

/** `api idSource operation` of every record access in one controller file. */
function accesses(methods: string): string[] {
  const { facts } = runExtractor(extractor, {
    'src/items/items.controller.ts': `import { Body, Controller, Delete, Get, Param, Post, Put, Query, Req } from '@nestjs/common';
import { User } from '../user.decorator';
import { ItemsService } from './items.service';
@Controller('items')
export class ItemsController {
  constructor(private readonly itemsService: ItemsService) {}
${methods}
}`,
  });
  return facts
    .filter((f): f is ConfigFact => f.kind === 'config' && f.setting === 'record-access')
    .map((f) => `${f.values.api} ${f.values.idSource} ${f.values.operation}${f.values.callerPassed ? ` (caller at ${f.values.scopeArgs} to ${f.values.scopeExport})` : ''}`)
    .sort();
}

describe('extract/js/nestjs record access', () => {
  it('classifies service methods by verb prefix', () => {
    assert.equal(operationOf('deleteComment'), 'delete');
    assert.equal(operationOf('updateArticle'), 'update');
    assert.equal(operationOf('removeById'), 'delete');
    assert.equal(operationOf('findOne'), 'read');
    assert.equal(operationOf('findComments'), undefined);
    assert.equal(operationOf('updated'), undefined);
    assert.equal(operationOf('favorite'), undefined);
  });

  it('takes members and destructured names of a whole @Param() object as record selectors, natural keys included', () => {
    const out = accesses(`
  @Put(':slug') update(@Param() params, @Body('item') data) { return this.itemsService.update(params.slug, data); }
  @Delete(':slug/notes/:id') async deleteNote(@Param() params) { const { slug, id } = params; return await this.itemsService.deleteNote(slug, id); }
  @Delete(':username') removeByName(@Param('username') username: string) { return this.itemsService.removeByOwnerName(username); }
  @Put(':id') patch(@Param('id') id: string, @Body() dto) { return this.itemsService.updateItem(+id, dto); }`);
    assert.deepEqual(out, [
      "itemsService.deleteNote @Param('id') delete",
      "itemsService.removeByOwnerName @Param('username') delete",
      "itemsService.update @Param('slug') update",
      "itemsService.updateItem @Param('id') update",
    ]);
  });

  it('reads count only by id, through the known finder names', () => {
    const out = accesses(`
  @Get(':slug') bySlug(@Param('slug') slug: string) { return this.itemsService.findOne(slug); }
  @Get(':slug/notes') notes(@Param('slug') slug: string) { return this.itemsService.findNotes(slug); }
  @Get('by-id/:id') byId(@Param('id') id: string) { return this.itemsService.findOne({ id }); }`);
    assert.deepEqual(out, ["itemsService.findOne @Param('id') read"]);
  });

  it('marks the calls that receive the authenticated user, for bola-idor to follow into the service', () => {
    const out = accesses(`
  @Delete(':slug') remove(@User('id') userId: number, @Param('slug') slug: string) { return this.itemsService.delete(slug, userId); }
  @Put(':slug') edit(@User() user, @Param('slug') slug: string, @Body() dto) { return this.itemsService.update({ slug, ownerId: user.id }, dto); }
  @Post(':slug/archive') archive(@User('id') userId: number, @Param('slug') slug: string) {
    this.itemsService.log(userId);
    return this.itemsService.updateStatus(slug, 'archived');
  }`);
    assert.deepEqual(out, [
      "itemsService.delete @Param('slug') delete (caller at 1 to ItemsService.delete)",
      "itemsService.update @Param('slug') update (caller at 0 to ItemsService.update)",
      "itemsService.updateStatus @Param('slug') update",
    ]);
  });

  it('takes an organisation decorator as the caller, and a lookup with it that refuses when missing as a check', () => {
    const out = accesses(`
  @Put('tags/:id') tag(@GetOrgFromRequest() org, @Param('id') id: string, @Body() body) { return this.itemsService.editTag(id, org.id, body); }
  @Post(':id/nickname') nick(@GetOrgFromRequest() org, @Param('id') id: string, @Body() body) {
    const item = await this.itemsService.getItemById(org.id, id);
    if (!item) throw new Error('Invalid item');
    return this.itemsService.updateName(id, body.name);
  }
  @Post(':id/picture') pic(@GetOrgFromRequest() org, @Param('id') id: string, @Body() body) {
    const item = await this.itemsService.getItemById(org.id, id);
    return this.itemsService.updatePicture(id, body.picture);
  }`);
    assert.deepEqual(out, [
      "itemsService.editTag @Param('id') update (caller at 1 to ItemsService.editTag)",
      "itemsService.updatePicture @Param('id') update",
    ]);
  });

  it('reads selectors and the user from @Req()', () => {
    const out = accesses(`
  @Delete(':id') a(@Req() req) { return this.itemsService.remove(req.params.id); }
  @Delete('mine/:id') b(@Req() req) { return this.itemsService.remove(req.params.id, req.user.id); }
  @Put('whole/:id') c(@Req() req) { return this.itemsService.update(req.params.id, req); }`);
    assert.deepEqual(out, [
      "itemsService.remove @Param('id') delete",
      "itemsService.remove @Param('id') delete (caller at 1 to ItemsService.remove)",
      "itemsService.update @Param('id') update (caller at 1 to ItemsService.update)",
    ]);
  });

  it('takes body and query values only when they are ids', () => {
    const out = accesses(`
  @Post('delete') a(@Body('itemId') itemId: string) { return this.itemsService.delete(itemId); }
  @Post('rename') b(@Body('title') title: string) { return this.itemsService.update(title); }
  @Post('drop') c(@Body() dto) { return this.itemsService.deleteItem(dto.itemId); }`);
    assert.deepEqual(out, ["itemsService.delete @Body('itemId') delete", "itemsService.deleteItem @Body('itemId') delete"]);
  });

  it('drops accesses after the caller is compared with the record owner, in the handler or a method of the class', () => {
    const out = accesses(`
  @Delete(':symbol/splits/:id') async deleteSplit(@Param('symbol') symbol: string, @Param('id') id: string) {
    const { id: profileId } = await this.validateAccess(symbol);
    return this.itemsService.deleteSplit({ id, profileId });
  }
  @Delete('notes/:id') async deleteNote(@Param('id') id: string, @Req() req) {
    const note = await this.itemsService.findNote(id);
    if (note.ownerId !== req.user.id) throw new ForbiddenException();
    return this.itemsService.deleteNote(id);
  }
  @Delete('tags/:id') async deleteTag(@Param('id') id: string) {
    await this.audit(id);
    return this.itemsService.deleteTag(id);
  }
  private async validateAccess(symbol: string) {
    const [profile] = await this.itemsService.getProfiles([symbol]);
    const isOwner = profile.userId === this.request.user.id;
    if (!isOwner && !hasPermission(this.request.user.permissions, 'all')) throw new HttpException('Not found', 404);
    return profile;
  }
  private async audit(id: string) {
    if (!id) throw new HttpException('Bad request', 400);
    this.logger.log(id, this.request.user.id);
  }`);
    assert.deepEqual(out, ["itemsService.deleteTag @Param('id') delete"]);
  });

  it('takes the injected request principal and owner keys of the application decorators as the caller', () => {
    const out = accesses(`
  @Delete('devices/:id') async deleteDevice(@Param('id') id: string) {
    const device = await this.itemsService.device({ id, userId: this.request.user.id });
    if (!device) throw new HttpException('Forbidden', 403);
    await this.itemsService.deleteDevice({ id });
  }
  @Delete('accounts/:id') async deleteAccount(@Impersonation() { userId }: ImpersonationContext, @Param('id') id: string) {
    const account = await this.itemsService.accountWithActivities({ id_userId: { id, userId } });
    if (!account || account.activities.length > 0) throw new HttpException('Forbidden', 403);
    return this.itemsService.deleteAccount({ id });
  }
  @Delete('boards/:id') async deleteBoard(@Locale() { language }: LocaleContext, @Param('id') id: string) {
    const board = await this.itemsService.board({ id, language });
    if (!board) throw new HttpException('Not found', 404);
    return this.itemsService.deleteBoard({ id });
  }`);
    assert.deepEqual(out, ["itemsService.deleteBoard @Param('id') delete"]);
  });

  it('drops lookups bounded by a path value an access helper first decided on for the caller', () => {
    const out = accesses(`
  @Delete(':boardId/members/:memberId') async removeMember(@Req() req, @Param('boardId') boardId: string, @Param('memberId') memberId: string) {
    const caller = this.access.currentUser(req);
    await this.access.authorizeBoardAction(caller, boardId, 'remove-member');
    const member = await this.membersRepo.findOne({ where: { member: { id: memberId }, board: { id: boardId } } });
    return this.membersRepo.remove(member);
  }
  @Patch(':boardId/members/:memberId') async editMember(@Req() req, @Param('boardId') boardId: string, @Param('memberId') memberId: string, @Body() dto) {
    const caller = this.access.currentUser(req);
    await this.access.authorizeBoardAction(caller, boardId, 'edit-member');
    return this.membersRepo.update(memberId, dto);
  }
  @Delete('other/:boardId/members/:memberId') async dropMember(@Param('boardId') boardId: string, @Param('memberId') memberId: string) {
    await this.access.checkBoardExists(boardId, 'x');
    return this.membersRepo.delete({ member: { id: memberId }, board: { id: boardId } });
  }`);
    // Only the update by the member id alone (not bounded by the authorised board) and the lookup
    // after a check that never saw the caller remain.
    assert.deepEqual(out, ["membersRepo.delete @Param('memberId') delete", "membersRepo.update @Param('memberId') update"]);
  });

  it('drops accesses to a record (or its parent) a per-record CASL ability refused the caller on first, not those after a role-only ability', () => {
    const out = accesses(`
  @Patch(':id') async rename(@User() user, @Param('id') id: string, @Body() dto) {
    const item = await this.itemsService.findOne(id);
    const ability = await this.abilityFactory.forProject(user, item.project.id);
    if (!ability.can('editItem', item.project)) throw new ForbiddenException();
    return this.itemsService.update(id, dto);
  }
  @Delete(':id') async remove(@User() user, @Param('id') id: string) {
    const item = await this.itemsService.findOne(id);
    const { project } = item;
    const ability = this.abilityFactory.forProject(user, project.id);
    ForbiddenError.from(ability).throwUnlessCan(Action.Delete, project);
    return this.itemsService.delete(id);
  }
  @Put(':id/archive') async archive(@User() user, @Param('id') id: string) {
    const ability = await this.abilityFactory.forUser(user, {});
    if (ability.cannot('archiveItem', Item)) throw new ForbiddenException();
    return this.itemsService.updateStatus(id, 'archived');
  }
  @Put(':id/tags/:tagId') async retag(@User() user, @Param('id') id: string, @Param('tagId') tagId: string) {
    const ability = await this.abilityFactory.forProject(user, id);
    if (!ability.can('editItem', Item)) throw new ForbiddenException();
    return this.itemsService.updateTag(tagId, 'x');
  }`);
    // The class-level ability (the caller's role) and the ability on another record than the one changed remain.
    assert.deepEqual(out, ["itemsService.updateStatus @Param('id') update", "itemsService.updateTag @Param('tagId') update"]);
  });

  it('takes fields destructured from the caller as the caller', () => {
    const out = accesses(`
  @Patch(':id') async edit(@User() user, @Param('id') id: string, @Body() dto) {
    const { organizationId } = user;
    return this.itemsService.update(id, organizationId, dto);
  }
  @Delete(':id') async remove(@Req() req, @Param('id') id: string) {
    const { tenantId } = req.user;
    const { params } = req;
    return this.itemsService.delete(params.id, tenantId);
  }`);
    assert.deepEqual(out, [
      "itemsService.delete @Param('id') delete (caller at 1 to ItemsService.delete)",
      "itemsService.update @Param('id') update (caller at 1 to ItemsService.update)",
    ]);
  });
});
