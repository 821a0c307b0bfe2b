const jwt = require('jsonwebtoken');

const bearer = (headers) => (headers.authorization || '').replace('Bearer ', '');

class TeamController {
  // Reached only behind requireJwt: the header token was verified before this decode.
  addMember = async (req, res) => {
    // ok: jwt-decode-without-verify
    const { teamId } = jwt.decode(bearer(req.headers));
    res.json({ teamId, member: req.body.email });
  };

  // Reached by a route without the guard: the decoded claims are whatever the caller wrote.
  leaveTeam = async (req, res) => {
    // ruleid: jwt-decode-without-verify
    const { teamId } = jwt.decode(bearer(req.headers));
    res.json({ left: teamId });
  };
}

module.exports = TeamController;
