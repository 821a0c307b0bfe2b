import { Router } from 'express';
import { IsString, IsUrl } from 'class-validator';
import { Channel } from '../models/channel';

// class-validator's IsUrl is validator's isURL: http, https and ftp only.
export class ChannelDto {
  @IsString()
  title: string;

  @IsUrl({ require_tld: false })
  invite: string;
}

export const router = Router();

router.post('/channels', async (req, res) => {
  // ok: javascript-url-xss
  const { title, invite } = req.body;
  res.json(await Channel.create({ title, invite }));
});
