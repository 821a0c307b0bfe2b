import express from 'express';
import { createBoard, renameBoard } from './controllers/board';
import Board from './models/board';
import { Seat } from './models/seat';

const app = express();
app.use(express.json());

app.post('/boards', async (req, res) => {
  res.json(await createBoard(req.user.team, req.body, req.user.id));
});

app.put('/boards/:id', async (req, res) => {
  res.json(await renameBoard(req.user.team, req.params.id, req.body));
});

app.post('/boards/copy', async (req, res) => {
  // A spread after the server's keys can override them.
  // ruleid: mass-assignment
  const board = new Board({ team: req.user.team, createdBy: req.user.id, ...req.body });
  res.json(await board.save());
});

app.post('/seats', async (req, res) => {
  // The model's role column is still the client's choice.
  // ruleid: mass-assignment
  res.json(await Seat.create({ ...req.body, team: req.user.team }));
});

app.post('/seats/invite', async (req, res) => {
  // ok: mass-assignment
  res.json(await Seat.create({ ...req.body, team: req.user.team, role: 'viewer' }));
});

export default app;
