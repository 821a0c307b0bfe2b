const { Router } = require('express');

// A controller base of the application: handlers get the injected services.
class SegmentController {
  constructor(services) {
    this.segmentService = services.segmentService;
    this.segmentStore = services.segmentStore;
    this.router = Router();
    this.router.post('/segments', (req, res) => this.createSegment(req, res));
    this.router.post('/segments/raw', (req, res) => this.createRaw(req, res));
  }

  async createSegment(req, res) {
    // The service validates the body against its schema before it stores anything.
    // ok: mass-assignment
    const segment = await this.segmentService.create(req.body, req.user);
    res.status(201).json(segment);
  }

  async createRaw(req, res) {
    // ruleid: mass-assignment
    const row = await this.segmentStore.create(req.body);
    res.status(201).json(row);
  }
}

module.exports = SegmentController;
