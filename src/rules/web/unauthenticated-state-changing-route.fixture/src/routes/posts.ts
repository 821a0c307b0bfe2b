import { Router } from 'express';

const router = Router();

// The router is mounted behind requireUser in another file.
// ok: unauthenticated-state-changing-route
router.post('/', (req, res) => res.status(201).json(req.body));

// ok: unauthenticated-state-changing-route
router.put('/:id', (req, res) => res.json(req.body));

export default router;
