const express = require('express');
const TeamController = require('./teamController');
const { requireJwt } = require('./requireJwt');

const app = express();
const teamController = new TeamController();
app.post('/teams/members', requireJwt, teamController.addMember);
app.post('/teams/leave', teamController.leaveTeam);
app.listen(3000);
