// The same helper with schemas imported from another module: link decides whether each is a scalar.
import express from 'express';
import mongoose from 'mongoose';
import { layoutSchema, panelIdSchema } from './panel-schemas';

const Panel = mongoose.model('Panel', new mongoose.Schema({ name: String, layout: Object }));

const requireId = (value: unknown, message: string) => {
  if (panelIdSchema.safeParse(value).success === false) {
    throw new Error(message);
  }
};

export const router = express.Router();

router.post('/panels/open', async (req, res) => {
  requireId(req.body.panelId, 'bad panel id');
  // ok: nosql-injection
  res.json(await Panel.findOne({ _id: req.body.panelId }));
});

router.post('/panels/layout', async (req, res) => {
  if (!layoutSchema.safeParse(req.body.layout).success) return res.status(400).end();
  // ruleid: nosql-injection
  res.json(await Panel.find({ layout: req.body.layout }));
});
